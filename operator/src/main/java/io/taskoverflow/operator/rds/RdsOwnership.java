package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.support.Checked;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whose an existing instance is. The operator touches only instances whose tags name this very
 * resource (its uid). It takes an existing instance over only when the spec names it, the
 * instance's owner consented in AWS ({@link RdsTags#ADOPTABLE_BY} names the resource) and the
 * user's master credentials log in: a namespace's user can neither forge the consent nor reach an
 * instance without its password. The consent is used up by the adoption: once the instance carries
 * the resource's tags, the consent is removed, so a later resource of the same namespace and name
 * (after a Retain, say) needs the owner's consent anew. Messages never name another resource.
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
    // The owner's tags are added before the consent is removed (retag's order): IAM lets the
    // operator remove the consent only from an instance already tagged as the operator's. Should
    // the removal fail, the next reconcile finds the instance owned and finishes the adoption.
    Set<String> leftovers = adoptionLeftovers(instance, resource);
    gateway.retag(instance.arn(), owner, leftovers);
    Map<String, String> tags = new HashMap<>(instance.tags());
    tags.keySet().removeAll(leftovers);
    tags.putAll(owner);
    return new RdsObservation.Observed(
        identifier,
        Optional.of(instance.withTags(tags)),
        null,
        true,
        List.of(RdsEvents.adopted(identifier)));
  }

  /**
   * The end of an adoption whose owner's tags were written but whose consent was not removed (the
   * operator stopped in between, or the request failed): the instance is this resource's, and its
   * consent is removed now. Empty when there is nothing left to do.
   */
  static Optional<RdsObservation> finishAdoption(
      RdsGateway gateway, RdsInstance owned, TaskOverflow resource) {
    Set<String> leftovers = adoptionLeftovers(owned, resource);
    if (leftovers.isEmpty()) {
      return Optional.empty();
    }
    gateway.retag(owned.arn(), Map.of(), leftovers);
    Map<String, String> tags = new HashMap<>(owned.tags());
    tags.keySet().removeAll(leftovers);
    List<RdsEvent> events =
        leftovers.contains(RdsTags.ADOPTABLE_BY)
            ? List.of(RdsEvents.consentRemoved(owned.identifier()))
            : List.of();
    return Optional.of(
        new RdsObservation.Observed(
            owned.identifier(), Optional.of(owned.withTags(tags)), null, false, events));
  }

  /**
   * The tags an adoption removes that the instance still carries: the consent for this resource
   * (single-use) and the mark of an earlier release.
   */
  static Set<String> adoptionLeftovers(RdsInstance instance, TaskOverflow resource) {
    Set<String> leftovers = new HashSet<>(usedConsent(instance, resource));
    instance.tag(RdsTags.RETAINED).ifPresent(at -> leftovers.add(RdsTags.RETAINED));
    return Set.copyOf(leftovers);
  }

  /**
   * The consent for this resource, if the instance carries it: it is spent once the resource owns
   * the instance. A consent for another resource is the owner's to keep (a planned hand-over).
   */
  static Set<String> usedConsent(RdsInstance instance, TaskOverflow resource) {
    return adoptableBy(instance, resource) ? Set.of(RdsTags.ADOPTABLE_BY) : Set.of();
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
