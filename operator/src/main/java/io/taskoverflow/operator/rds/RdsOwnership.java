package io.taskoverflow.operator.rds;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsTags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whose an existing instance is. The operator touches only instances whose tags name this very
 * resource (its uid); an untagged instance is taken over only when the spec names it explicitly.
 */
final class RdsOwnership {

  private RdsOwnership() {}

  /** Why an instance with this resource's identifier is not the resource's to manage. */
  static RdsObservation.Blocked conflict(RdsInstance instance, TaskOverflow resource) {
    String id = instance.identifier();
    if (RdsTags.ownedByAnother(instance, resource)) {
      return RdsObservation.needsUser(
          id,
          Optional.of(instance),
          "InstanceConflict",
          "RDS instance "
              + id
              + " belongs to another TaskOverflow "
              + instance.tag(RdsTags.NAMESPACE).orElse("?")
              + "/"
              + instance.tag(RdsTags.NAME).orElse("?")
              + " (uid "
              + instance.tag(RdsTags.UID).orElse("?")
              + "), e.g. an earlier one of the same name or one in another cluster; delete that"
              + " instance or give this resource another name");
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
    if (!RdsTags.ownedBy(existing.get(), resource)) {
      return conflict(existing.get(), resource);
    }
    return new RdsObservation.Observed(identifier, existing, null, true, List.of());
  }

  /** spec.database.rds.instanceIdentifier: tag the named instance as this resource's. */
  static RdsObservation adopt(RdsGateway gateway, String identifier, TaskOverflow resource) {
    Optional<RdsInstance> existing = gateway.describe(identifier);
    if (existing.isEmpty()) {
      return RdsObservation.needsUser(
          identifier,
          existing,
          "InstanceNotFound",
          "RDS instance "
              + identifier
              + " (database.rds.instanceIdentifier) does not exist in this account and region");
    }
    if (RdsTags.ownedByAnother(existing.get(), resource)) {
      return conflict(existing.get(), resource);
    }
    Map<String, String> owner = RdsTags.owner(resource);
    gateway.retag(existing.get().arn(), owner, Set.of(RdsTags.RETAINED));
    Map<String, String> tags = new HashMap<>(existing.get().tags());
    tags.remove(RdsTags.RETAINED);
    tags.putAll(owner);
    return new RdsObservation.Observed(
        identifier,
        Optional.of(existing.get().withTags(tags)),
        null,
        true,
        List.of(RdsEvents.adopted(identifier)));
  }
}
