package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.kube.EventReason;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.ResourceEvents;

/** The Event for each request that changes an RDS instance; never with a password in it. */
final class RdsEvents {

  private RdsEvents() {}

  static RdsEvent creating(RdsCreateRequest req) {
    return new RdsEvent(
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

  static RdsEvent adopted(String identifier) {
    return new RdsEvent(
        EventReason.AdoptedInstance,
        "adopted RDS instance "
            + identifier
            + " and removed its adoption consent ("
            + RdsTags.ADOPTABLE_BY
            + "): adopting it again takes its owner's consent anew");
  }

  static RdsEvent consentRemoved(String identifier) {
    return new RdsEvent(
        EventReason.AdoptionConsentRemoved,
        "removed the adoption consent ("
            + RdsTags.ADOPTABLE_BY
            + ") left on RDS instance "
            + identifier
            + ", which this resource has adopted: adopting it again takes its owner's consent"
            + " anew");
  }

  static RdsEvent modifying(String identifier, RdsSettingsChange change, boolean applyImmediately) {
    return new RdsEvent(
        EventReason.ModifyingInstance,
        "requested "
            + change.describe()
            + " for RDS instance "
            + identifier
            + (applyImmediately ? ", applied immediately" : ", in the next maintenance window"));
  }

  static RdsEvent masterPasswordReset(TaskOverflow resource, String identifier) {
    return new RdsEvent(
        EventReason.MasterPasswordReset,
        "set the password of Secret "
            + Names.masterSecret(resource)
            + " on RDS instance "
            + identifier
            + " (the Secret was written anew)");
  }

  static RdsEvent deleting(String identifier, String snapshot) {
    return new RdsEvent(
        EventReason.DeletingInstance,
        "requested deletion of RDS instance "
            + identifier
            + (snapshot == null
                ? " without a final snapshot"
                : " with final snapshot " + snapshot));
  }

  static RdsEvent retained(String identifier, String secret) {
    return new RdsEvent(
        EventReason.RetainedInstance,
        "RDS instance "
            + identifier
            + " is left running and no longer managed"
            + (secret == null ? "" : "; its master credentials are in Secret " + secret));
  }

  /** Records the observation's events on the resource, as Normal Events. */
  static void record(Context<TaskOverflow> context, TaskOverflow resource, RdsObservation seen) {
    for (RdsEvent event : seen.events()) {
      ResourceEvents.record(
          context.getClient(), resource, "Normal", event.reason().name(), event.message());
    }
  }
}
