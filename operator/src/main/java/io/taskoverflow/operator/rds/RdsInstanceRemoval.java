package io.taskoverflow.operator.rds;

import io.fabric8.kubernetes.api.model.Secret;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.DeletionPolicy;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What happens to the RDS instance when its resource is deleted, by {@code deletionPolicy}:
 * Snapshot deletes it after a final snapshot (named after the deletion, so every retry asks for the
 * same one), Delete deletes it without one (an adopted instance with one, unless skipFinalSnapshot:
 * see {@link RdsDesiredInstance#takesFinalSnapshot}), Retain retags it as nobody's and keeps its
 * master credentials in a Secret of their own. The result says whether the finalizer may go; the
 * instance counts as gone only once DescribeDBInstances no longer lists it. No JOSDK types: what it
 * needs from Kubernetes comes in as values and one function that writes a Secret.
 */
final class RdsInstanceRemoval {

  /**
   * What one cleanup knows.
   *
   * @param deletionPolicy what the spec asks, or its default (see RdsDesiredInstance)
   * @param finalSnapshot whether a deleted instance gets a final snapshot first
   * @param found the resource's instance as the poller last saw it
   * @param unobserved why the poller's view cannot be trusted yet, if it cannot
   * @param masterSecret the generated master Secret, if there is one
   * @param keepSecret writes a Secret that outlives the resource
   */
  record Inputs(
      TaskOverflow resource,
      DeletionPolicy deletionPolicy,
      boolean finalSnapshot,
      Optional<RdsInstance> found,
      Optional<RdsObservation.Blocked> unobserved,
      Optional<Secret> masterSecret,
      Consumer<Secret> keepSecret) {}

  private final RdsGateway gateway;
  private final Clock clock;

  RdsInstanceRemoval(RdsGateway gateway, Clock clock) {
    this.gateway = gateway;
    this.clock = clock;
  }

  RdsObservation remove(Inputs in) {
    TaskOverflow resource = in.resource();
    Optional<RdsInstance> found = in.found();
    String identifier = RdsIdentifier.of(resource);
    DeletionPolicy policy = in.deletionPolicy();
    String snapshot =
        in.finalSnapshot()
            ? RdsIdentifier.finalSnapshot(identifier, resource.getMetadata().getDeletionTimestamp())
            : null;
    if (in.unobserved().isPresent()) {
      return blocked(in.unobserved().get(), snapshot, found.map(RdsInstance::status).orElse(null));
    }
    if (found.isEmpty()) {
      return new RdsObservation.Gone(
          identifier, "InstanceReleased", "RDS instance " + identifier + " is gone", snapshot);
    }
    RdsInstance instance = found.get();
    if (!RdsOwnership.ownedBy(instance, resource)) {
      return new RdsObservation.Gone(
          identifier,
          "InstanceReleased",
          "RDS instance " + identifier + " is not this resource's; left alone",
          null);
    }
    return policy == DeletionPolicy.Retain ? retain(in, instance) : delete(instance, snapshot);
  }

  private RdsObservation retain(Inputs in, RdsInstance instance) {
    String secret =
        RetainedCredentials.keep(
                in.resource(), instance.identifier(), in.masterSecret(), in.keepSecret())
            .orElse(null);
    // A consent for this resource is still there only if its adoption was cut short; it goes with
    // the ownership, or the resource could adopt the instance again without its owner.
    Set<String> removed = new HashSet<>(RdsTags.ownership());
    removed.addAll(RdsOwnership.usedConsent(instance, in.resource()));
    try {
      gateway.retag(instance.arn(), RdsTags.retained(clock.instant()), removed);
    } catch (RdsRequestException e) {
      return blocked(
          RdsObservation.failed(instance.identifier(), Optional.of(instance), e),
          null,
          instance.status());
    }
    return new RdsObservation.Gone(
        instance.identifier(),
        "InstanceReleased",
        "RDS instance "
            + instance.identifier()
            + " retained"
            + (secret == null ? "" : "; master credentials in Secret " + secret),
        null,
        List.of(RdsEvents.retained(instance.identifier(), secret)));
  }

  private RdsObservation delete(RdsInstance instance, String snapshot) {
    String identifier = instance.identifier();
    if ("deleting".equals(instance.status())) {
      return deleting(identifier, snapshot, instance.status(), List.of());
    }
    if (instance.deletionProtection()) {
      return blocked(
          RdsObservation.needsUser(
              identifier,
              Optional.of(instance),
              "DeletionProtected",
              "RDS instance "
                  + identifier
                  + " has deletion protection enabled: turn it off in AWS to let the deletion"
                  + " finish, or set database.rds.deletionPolicy to Retain to keep the instance"),
          snapshot,
          instance.status());
    }
    try {
      gateway.delete(identifier, Optional.ofNullable(snapshot));
      return deleting(
          identifier, snapshot, "deleting", List.of(RdsEvents.deleting(identifier, snapshot)));
    } catch (RdsRequestException e) {
      return switch (e.code()) {
        // Already on its way out: an earlier request of this same deletion got through.
        case "DBInstanceNotFound", "DBSnapshotAlreadyExists" ->
            deleting(identifier, snapshot, instance.status(), List.of());
        case "InvalidDBInstanceState" ->
            new RdsObservation.Deleting(
                identifier,
                "InstanceBusy",
                "RDS instance "
                    + identifier
                    + " cannot be deleted while it is "
                    + instance.status()
                    + "; trying again",
                false,
                snapshot,
                instance.status(),
                List.of());
        default ->
            blocked(
                RdsObservation.failed(identifier, Optional.of(instance), e),
                snapshot,
                instance.status());
      };
    }
  }

  private static RdsObservation.Deleting deleting(
      String identifier, String snapshot, String state, List<RdsEvent> events) {
    return new RdsObservation.Deleting(
        identifier,
        "InstanceDeleting",
        "waiting for RDS to delete instance "
            + identifier
            + (snapshot == null ? "" : " after final snapshot " + snapshot),
        false,
        snapshot,
        state,
        events);
  }

  /** What keeps the deletion from going on, and the finalizer in place. */
  private static RdsObservation.Deleting blocked(
      RdsObservation.Blocked why, String snapshot, String state) {
    return new RdsObservation.Deleting(
        why.identifier(),
        why.reason(),
        why.message(),
        why.actionRequired(),
        snapshot,
        state,
        List.of());
  }
}
