package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsTags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whose an existing instance is. The operator touches only instances whose tags name this very
 * resource (its uid); an untagged instance is taken over only when the spec names it explicitly.
 */
final class RdsOwnership {

  private RdsOwnership() {}

  /** Why an instance with this resource's identifier is not the resource's to manage. */
  static RdsProblem conflict(RdsInstance instance, TaskOverflow resource) {
    String id = instance.identifier();
    if (RdsTags.ownedByAnother(instance, resource)) {
      return RdsProblem.needsUser(
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
    return RdsProblem.needsUser(
        "InstanceConflict",
        "RDS instance "
            + id
            + " already exists and is not managed by this TaskOverflow"
            + instance.tag(RdsTags.RETAINED).map(at -> " (retained at " + at + ")").orElse("")
            + "; adopt it with database.rds.instanceIdentifier and masterSecretRef, or delete it");
  }

  /** After DBInstanceAlreadyExists: the instance is this resource's own if its tags say so. */
  static RdsInstance claimOwn(RdsGateway gateway, String identifier, TaskOverflow resource) {
    RdsInstance existing =
        describe(
            gateway,
            identifier,
            RdsProblem.waiting(
                "InstanceNotVisibleYet",
                "RDS reports instance " + identifier + " exists but does not list it"));
    if (RdsTags.ownedBy(existing, resource)) {
      return existing;
    }
    throw new RdsBlockedException(conflict(existing, resource));
  }

  /** spec.database.rds.instanceIdentifier: tag the named instance as this resource's. */
  static RdsInstance adopt(
      RdsGateway gateway, String identifier, TaskOverflow resource, Context<TaskOverflow> context) {
    RdsInstance existing =
        describe(
            gateway,
            identifier,
            RdsProblem.needsUser(
                "InstanceNotFound",
                "RDS instance "
                    + identifier
                    + " (database.rds.instanceIdentifier) does not exist in this account and"
                    + " region"));
    if (RdsTags.ownedByAnother(existing, resource)) {
      throw new RdsBlockedException(conflict(existing, resource));
    }
    Map<String, String> owner = RdsTags.owner(resource);
    gateway.retag(existing.arn(), owner, Set.of(RdsTags.RETAINED));
    RdsEvents.adopted(context, resource, identifier);
    Map<String, String> tags = new HashMap<>(existing.tags());
    tags.remove(RdsTags.RETAINED);
    tags.putAll(owner);
    return existing.withTags(tags);
  }

  private static RdsInstance describe(RdsGateway gateway, String identifier, RdsProblem missing) {
    return gateway.describe(identifier).orElseThrow(() -> new RdsBlockedException(missing));
  }
}
