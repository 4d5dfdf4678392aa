package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import java.util.List;
import java.util.Optional;

/**
 * What the operator knows of a resource's RDS instance once the instance dependent has run: the one
 * value it leaves in the reconcile's context, for the connection Secret, DatabaseReady and the
 * status of a deletion. Every outcome is one, AWS errors included: nothing is thrown.
 */
public sealed interface RdsObservation {

  String identifier();

  /** The instance as last observed, or as AWS answered a request. */
  Optional<RdsInstance> instance();

  /** What was asked of AWS this time, for Events; empty when nothing was. */
  default List<RdsEvent> events() {
    return List.of();
  }

  /**
   * The instance exists (or was just requested) and nothing stands in the way.
   *
   * @param activity what was requested this time, for DatabaseReady's message; or null
   * @param created whether this reconcile created (or adopted) it
   */
  record Observed(
      String identifier,
      Optional<RdsInstance> instance,
      String activity,
      boolean created,
      List<RdsEvent> events)
      implements RdsObservation {

    public static Observed as(String identifier, Optional<RdsInstance> instance) {
      return new Observed(identifier, instance, null, false, List.of());
    }
  }

  /**
   * Something stands in the way: an AWS error, no view of AWS yet, another owner, a setting.
   *
   * @param reason the AWS error code, or a CamelCase reason of the operator's own
   * @param actionRequired only a change by the user (spec, permissions, quota) removes it
   */
  record Blocked(
      String identifier,
      Optional<RdsInstance> instance,
      String reason,
      String message,
      boolean actionRequired)
      implements RdsObservation {

    /** The same, about the instance as it is now. */
    Blocked about(Optional<RdsInstance> current) {
      return new Blocked(identifier, current, reason, message, actionRequired);
    }
  }

  /**
   * The resource is deleted and its instance is on its way out, or cannot be yet (reason says why).
   *
   * @param finalSnapshot the final snapshot requested, else null
   * @param state the instance's AWS status while it still exists, e.g. deleting
   */
  record Deleting(
      String identifier,
      String reason,
      String message,
      boolean actionRequired,
      String finalSnapshot,
      String state,
      List<RdsEvent> events)
      implements RdsObservation {

    @Override
    public Optional<RdsInstance> instance() {
      return Optional.empty();
    }

    /** Once RDS no longer lists the instance. */
    Gone asGone() {
      return new Gone(
          identifier, "InstanceDeleted", "RDS instance " + identifier + " is gone", finalSnapshot);
    }
  }

  /** The instance is gone, or was let go: the finalizer may go. */
  record Gone(
      String identifier, String reason, String message, String finalSnapshot, List<RdsEvent> events)
      implements RdsObservation {

    Gone(String identifier, String reason, String message, String finalSnapshot) {
      this(identifier, reason, message, finalSnapshot, List.of());
    }

    @Override
    public Optional<RdsInstance> instance() {
      return Optional.empty();
    }
  }

  /** A failed AWS request: transient errors pass by themselves, the others need the user. */
  static Blocked failed(String identifier, Optional<RdsInstance> instance, RdsRequestException e) {
    return new Blocked(identifier, instance, e.code(), e.getMessage(), !e.isTransient());
  }

  static Blocked needsUser(
      String identifier, Optional<RdsInstance> instance, String reason, String message) {
    return new Blocked(identifier, instance, reason, message, true);
  }

  static Blocked waiting(
      String identifier, Optional<RdsInstance> instance, String reason, String message) {
    return new Blocked(identifier, instance, reason, message, false);
  }

  default void store(Context<TaskOverflow> context) {
    context.managedWorkflowAndDependentResourceContext().put(RdsObservation.class.getName(), this);
  }

  static Optional<RdsObservation> from(Context<TaskOverflow> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(RdsObservation.class.getName(), RdsObservation.class);
  }
}
