package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.kube.EventReason;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.ResourceEvents;

/** Events for each request that changes an RDS instance; never with a password in them. */
final class RdsEvents {

  private RdsEvents() {}

  static void creating(Context<TaskOverflow> context, TaskOverflow resource, RdsCreateRequest req) {
    normal(
        context,
        resource,
        EventReason.CreatingInstance,
        "requested RDS instance "
            + req.identifier()
            + " ("
            + req.instanceClass()
            + ", PostgreSQL "
            + req.engineVersion()
            + ", "
            + req.allocatedStorage()
            + " GiB, subnet group "
            + req.subnetGroup()
            + ")");
  }

  static void adopted(Context<TaskOverflow> context, TaskOverflow resource, String identifier) {
    normal(context, resource, EventReason.AdoptedInstance, "adopted RDS instance " + identifier);
  }

  static void modifying(
      Context<TaskOverflow> context,
      TaskOverflow resource,
      String identifier,
      RdsSettingsChange change,
      boolean applyImmediately) {
    normal(
        context,
        resource,
        EventReason.ModifyingInstance,
        "requested "
            + change.describe()
            + " for RDS instance "
            + identifier
            + (applyImmediately ? ", applied immediately" : ", in the next maintenance window"));
  }

  static void masterPasswordReset(
      Context<TaskOverflow> context, TaskOverflow resource, String identifier) {
    normal(
        context,
        resource,
        EventReason.MasterPasswordReset,
        "set the password of Secret "
            + Names.rdsMasterSecret(resource)
            + " on RDS instance "
            + identifier
            + " (the Secret was written anew)");
  }

  static void deleting(
      Context<TaskOverflow> context, TaskOverflow resource, String identifier, String snapshot) {
    normal(
        context,
        resource,
        EventReason.DeletingInstance,
        "requested deletion of RDS instance "
            + identifier
            + (snapshot == null
                ? " without a final snapshot"
                : " with final snapshot " + snapshot));
  }

  static void retained(
      Context<TaskOverflow> context, TaskOverflow resource, String identifier, String secret) {
    normal(
        context,
        resource,
        EventReason.RetainedInstance,
        "RDS instance "
            + identifier
            + " is left running and no longer managed"
            + (secret == null ? "" : "; its master credentials are in Secret " + secret));
  }

  private static void normal(
      Context<TaskOverflow> context, TaskOverflow resource, EventReason reason, String message) {
    ResourceEvents.record(context.getClient(), resource, "Normal", reason.name(), message);
  }
}
