package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import java.util.Optional;

/**
 * How far the deletion of a resource's RDS instance has come: the finalizer stays until {@code
 * gone}. Becomes the status while the resource is Deleting.
 *
 * @param finalSnapshot the final snapshot requested (deletionPolicy Snapshot), else null
 * @param state the instance's AWS status while it still exists, e.g. deleting
 */
public record RdsDeletion(
    boolean gone,
    String reason,
    String message,
    boolean actionRequired,
    String identifier,
    String finalSnapshot,
    String state) {

  private static final String KEY = RdsDeletion.class.getName();

  public static RdsDeletion gone(String identifier, String message, String finalSnapshot) {
    return new RdsDeletion(
        true, "InstanceReleased", message, false, identifier, finalSnapshot, null);
  }

  public static RdsDeletion waiting(
      String identifier, String reason, String message, String finalSnapshot, String state) {
    return new RdsDeletion(false, reason, message, false, identifier, finalSnapshot, state);
  }

  public static RdsDeletion blocked(
      String identifier, RdsProblem problem, String finalSnapshot, String state) {
    return new RdsDeletion(
        false,
        problem.reason(),
        problem.message(),
        problem.actionRequired(),
        identifier,
        finalSnapshot,
        state);
  }

  public RdsDeletion asGone() {
    return new RdsDeletion(
        true,
        "InstanceDeleted",
        "RDS instance " + identifier + " is gone",
        false,
        identifier,
        finalSnapshot,
        null);
  }

  public void store(Context<TaskOverflow> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  public static Optional<RdsDeletion> from(Context<TaskOverflow> context) {
    return context.managedWorkflowAndDependentResourceContext().get(KEY, RdsDeletion.class);
  }
}
