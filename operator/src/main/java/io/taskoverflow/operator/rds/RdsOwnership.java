package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.support.Checked;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whose an existing instance is. The operator touches only instances whose tags name this very
 * resource (its uid). It takes an existing instance over only when the spec names it, the
 * instance's owner consented in AWS ({@link RdsTags#ADOPTABLE_BY} names the resource) and the
 * user's master credentials log in: a namespace's user can neither forge the consent nor reach an
 * instance without its password. Messages never name another resource.
 */
final class RdsOwnership {

  private RdsOwnership() {}

  /** Why an instance with this resource's identifier is not the resource's to manage. */
  static RdsObservation.Blocked conflict(RdsInstance instance, TaskOverflow resource) {
    String id = instance.identifier();
    if (ownedByAnother(instance, resource)) {
      return RdsObservation.needsUser(
          id,
          Optional.of(instance),
          "InstanceConflict",
          "RDS instance "
              + id
              + " is managed by another TaskOverflow (an earlier one of this name, or one in"
              + " another namespace or cluster); delete that instance in AWS or give this resource"
              + " another name");
    }
    return RdsObservation.needsUser(
        id,
        Optional.of(instance),
        "InstanceConflict",
        "RDS instance "
            + id
            + " already exists and is not managed by this TaskOverflow"
            + instance.tag(RdsTags.RETAINED).map(at -> " (retained at " + at + ")").orElse("")
            + "; adopt it with database.rds.instanceIdentifier and masterSecretRef, or delete it");
  }

  /** After DBInstanceAlreadyExists: the instance is this resource's own if its tags say so. */
  static RdsObservation claimOwn(RdsGateway gateway, String identifier, TaskOverflow resource) {
    Optional<RdsInstance> existing = gateway.describe(identifier);
    if (existing.isEmpty()) {
      return RdsObservation.waiting(
          identifier,
          existing,
          "InstanceNotVisibleYet",
          "RDS reports instance " + identifier + " exists but does not list it");
    }
    if (!ownedBy(existing.get(), resource)) {
      return conflict(existing.get(), resource);
    }
    return new RdsObservation.Observed(identifier, existing, null, true, List.of());
  }

  /**
   * spec.database.rds.instanceIdentifier: tag the named instance as this resource's, once its
   * owner's consent and the credentials are proven. A missing instance and one without consent get
   * the same answer, so a namespace cannot learn which instances the account has.
   */
  static RdsObservation adopt(
      RdsGateway gateway,
      MasterLogin login,
      String identifier,
      TaskOverflow resource,
      Checked<RdsCredentials> credentials) {
    Optional<RdsInstance> existing = gateway.describe(identifier);
    if (existing.isEmpty() || !adoptableBy(existing.get(), resource)) {
      return RdsObservation.needsUser(
          identifier,
          Optional.empty(),
          "AdoptionNotPermitted",
          "RDS instance "
              + identifier
              + " (database.rds.instanceIdentifier) does not exist in this account and region, or"
              + " its owner has not tagged it "
              + RdsTags.ADOPTABLE_BY
              + "="
              + adoptionConsent(resource)
              + " in AWS to let this resource adopt it");
    }
    RdsInstance instance = existing.get();
    if (ownedByAnother(instance, resource)) {
      return conflict(instance, resource);
    }
    if (!credentials.isPresent()) {
      return RdsObservation.needsUser(
          identifier, Optional.empty(), credentials.reason(), credentials.message());
    }
    if (!"available".equals(instance.status())) {
      return RdsObservation.waiting(
          identifier,
          Optional.empty(),
          "InstanceNotAvailable",
          "RDS instance "
              + identifier
              + " is "
              + instance.status()
              + "; it is adopted once it is available and its master credentials log in");
    }
    Optional<RdsObservation.Blocked> refused = login.attempt(instance, credentials.value());
    if (refused.isPresent()) {
      return refused.get().about(Optional.empty());
    }
    Map<String, String> owner = RdsTags.owner(resource);
    gateway.retag(instance.arn(), owner, Set.of(RdsTags.RETAINED));
    Map<String, String> tags = new HashMap<>(instance.tags());
    tags.remove(RdsTags.RETAINED);
    tags.putAll(owner);
    return new RdsObservation.Observed(
        identifier,
        Optional.of(instance.withTags(tags)),
        null,
        true,
        List.of(RdsEvents.adopted(identifier)));
  }

  /** Whether the instance's owner has marked it for adoption by exactly this resource. */
  static boolean adoptableBy(RdsInstance instance, TaskOverflow resource) {
    return instance.tag(RdsTags.ADOPTABLE_BY).filter(adoptionConsent(resource)::equals).isPresent();
  }

  /** The value of {@link RdsTags#ADOPTABLE_BY} that lets this resource adopt an instance. */
  static String adoptionConsent(TaskOverflow resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  /** The resource an observed instance belongs to according to its tags. */
  static Optional<ResourceID> ownerOf(RdsInstance instance) {
    Optional<String> namespace = instance.tag(RdsTags.NAMESPACE);
    Optional<String> name = instance.tag(RdsTags.NAME);
    if (namespace.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ResourceID(name.get(), namespace.get()));
  }

  /** Whether the instance is managed by the operator for exactly this resource (same uid). */
  static boolean ownedBy(RdsInstance instance, TaskOverflow resource) {
    return instance.tag(RdsGateway.MANAGED_BY).filter(RdsGateway.OPERATOR::equals).isPresent()
        && instance.tag(RdsTags.UID).filter(resource.getMetadata().getUid()::equals).isPresent();
  }

  /** Whether another resource (e.g. in another cluster, or an earlier one) manages the instance. */
  static boolean ownedByAnother(RdsInstance instance, TaskOverflow resource) {
    return instance.tag(RdsGateway.MANAGED_BY).filter(RdsGateway.OPERATOR::equals).isPresent()
        && !ownedBy(instance, resource);
  }
}
