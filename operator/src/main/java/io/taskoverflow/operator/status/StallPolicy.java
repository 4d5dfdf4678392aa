package io.taskoverflow.operator.status;

import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.kube.PodTrouble;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides which reasons stall a TaskOverflow: Stalled=True (which kstatus, and
 * so Flux and kpt, read as Failed) says the operator cannot go on without a change by the user.
 * Every other reason keeps Reconciling=True (InProgress): the operator retries, or waits for
 * something that comes by itself.
 *
 * <p>A reason stalls at once when only the user can remove it; a cause that can also pass by itself
 * (a pull from a registry that is down, a claim a slow provisioner has yet to bind, a node the
 * autoscaler is adding) stalls only once the resource has been not ready for the reason's grace,
 * counted from Ready's last transition. The database's reasons carry their own decision, made where
 * the cause is read (RDS and AWS error codes, the External Secret): {@code actionRequired}.
 */
public final class StallPolicy {

  /** A name the operator needs is taken by an object it did not make for this TaskOverflow. */
  public static final String NAME_TAKEN = "NameTaken";

  private static final Map<String, Duration> GRACE =
      Map.of(
          NAME_TAKEN,
          Duration.ZERO,
          AmendedStatus.INVALID_SPEC,
          Duration.ZERO,
          // kubelet retries a pull with a growing back-off; a wrong name or a missing pull secret
          // never passes, a registry outage seldom lasts this long.
          PodTrouble.IMAGE_PULL_FAILED,
          Duration.ofSeconds(30),
          // Usually a Secret or ConfigMap that is missing: only the user brings it.
          PodTrouble.CONTAINER_CONFIG_ERROR,
          Duration.ofSeconds(30),
          // A StorageClass that does not exist or provisions nothing: dynamic provisioning takes
          // seconds where it works.
          PodTrouble.VOLUME_PENDING,
          Duration.ofSeconds(30),
          // A container that keeps exiting: the first crashes may wait for the database.
          PodTrouble.CRASH_LOOP,
          Duration.ofMinutes(3),
          // A cluster autoscaler may be adding a node.
          PodTrouble.UNSCHEDULABLE,
          Duration.ofMinutes(5));

  private StallPolicy() {}

  /**
   * How long {@code reason} may hold the resource back before it stalls; empty: it never stalls
   * (the operator retries or waits, e.g. ReconcileError, Creating, ReplicasNotReady, the database's
   * reasons that are not action-required).
   */
  public static Optional<Duration> grace(String reason, boolean actionRequired) {
    return actionRequired ? Optional.of(Duration.ZERO) : Optional.ofNullable(GRACE.get(reason));
  }

  /**
   * How long until {@code reason} stalls a resource not ready since {@code notReadySince}: zero if
   * it stalls now, empty if it never does.
   */
  public static Optional<Duration> untilStalled(
      String reason, boolean actionRequired, Instant notReadySince, Instant now) {
    return grace(reason, actionRequired)
        .map(grace -> Duration.between(now, notReadySince.plus(grace)))
        .map(left -> left.isNegative() ? Duration.ZERO : left);
  }

  /** Whether a written status says Stalled=True: the operator waits for the user. */
  public static boolean isStalled(TaskOverflowStatus status) {
    return status != null
        && status.conditions() != null
        && status.conditions().stream()
            .anyMatch(
                c ->
                    ConditionType.Stalled.name().equals(c.getType())
                        && "True".equals(c.getStatus()));
  }

  /**
   * How soon a status that is not stalled yet may stall, so that the resource is looked at again
   * then even if nothing else happens: the shortest grace left of its DatabaseReady and AppReady
   * reasons.
   */
  public static Optional<Duration> nextStall(TaskOverflowStatus status, Instant now) {
    Optional<Instant> since = Progress.notReadySince(status.conditions());
    if (since.isEmpty()) {
      return Optional.empty();
    }
    return status.conditions().stream()
        .filter(
            c ->
                ConditionType.DatabaseReady.name().equals(c.getType())
                    || ConditionType.AppReady.name().equals(c.getType()))
        .filter(c -> "False".equals(c.getStatus()))
        .flatMap(c -> untilStalled(c.getReason(), false, since.get(), now).stream())
        .filter(left -> !left.isZero())
        .min(Comparator.naturalOrder())
        // Transition times are whole seconds.
        .map(left -> left.plusSeconds(1));
  }
}
