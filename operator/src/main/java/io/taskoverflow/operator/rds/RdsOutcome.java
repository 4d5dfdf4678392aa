package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import java.util.Optional;

/**
 * What reconciling the RDS instance found or did in this reconcile: the instance as last observed
 * (or as AWS answered a request) and the problem that stands in the way, if any. The instance
 * dependent leaves it in the reconcile's context for the connection Secret and DatabaseReady, which
 * run after it.
 *
 * @param activity what was requested of AWS in this reconcile, e.g. "create requested"; or null
 */
public record RdsOutcome(
    String identifier,
    Optional<RdsInstance> instance,
    Optional<RdsProblem> problem,
    String activity) {

  private static final String KEY = RdsOutcome.class.getName();

  public static RdsOutcome of(String identifier, Optional<RdsInstance> instance, String activity) {
    return new RdsOutcome(identifier, instance, Optional.empty(), activity);
  }

  public static RdsOutcome problem(
      String identifier, Optional<RdsInstance> instance, RdsProblem problem) {
    return new RdsOutcome(identifier, instance, Optional.of(problem), null);
  }

  public void store(Context<TaskOverflow> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  public static Optional<RdsOutcome> from(Context<TaskOverflow> context) {
    return context.managedWorkflowAndDependentResourceContext().get(KEY, RdsOutcome.class);
  }
}
