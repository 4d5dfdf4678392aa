package io.taskoverflow.operator;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.DatabaseStatus;
import io.taskoverflow.operator.kube.EventReason;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.ResourceEvents;
import io.taskoverflow.operator.rds.RdsIdentifier;
import io.taskoverflow.operator.rds.RetainedCredentials;
import io.taskoverflow.operator.status.AmendedStatus;
import io.taskoverflow.operator.status.StatusRecorder;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a resource whose spec the operator cannot work from (one written while a laxer
 * CRD was installed, see {@link TaskOverflow#specProblem()}): nothing is created or changed from
 * it, it is reported on the resource, and it can always be deleted.
 */
final class InvalidSpecs {

  private static final Logger LOG = LoggerFactory.getLogger(InvalidSpecs.class);

  private InvalidSpecs() {}

  /** Status Failed with Ready's reason InvalidSpec, a log line and an Event, once per change. */
  static UpdateControl<TaskOverflow> report(
      TaskOverflow resource, Context<TaskOverflow> context, String problem) {
    return StatusRecorder.patch(
            context.getClient(), resource, AmendedStatus.invalidSpec(resource, problem))
        .map(
            patch -> {
              LOG.warn("{}/{} is not reconciled: {}", namespace(resource), name(resource), problem);
              ResourceEvents.record(
                  context.getClient(),
                  resource,
                  "Warning",
                  EventReason.InvalidSpec.name(),
                  problem + "; nothing is changed until the spec is fixed");
              return UpdateControl.patchStatus(patch);
            })
        .orElseGet(UpdateControl::noUpdate);
  }

  /**
   * Lets the resource go without a cleanup: nothing is created from a spec that cannot be read, and
   * its Kubernetes objects go with it through their owner references. An RDS instance made while
   * the spec could still be read would stay: the status, written in the reconcile that created it,
   * names it, and so do the log and an Event; its generated master password is kept in a Secret of
   * its own.
   */
  static void releaseWithoutCleanup(
      TaskOverflow resource, Context<TaskOverflow> context, String problem) {
    DatabaseStatus database = resource.getStatus() == null ? null : resource.getStatus().database();
    boolean hadRds =
        database != null && ("RDS".equals(database.mode()) || database.instanceId() != null);
    if (!hadRds) {
      LOG.info(
          "{}/{} deleted while its spec cannot be read ({}); its status names no RDS instance, and"
              + " its objects go with it",
          namespace(resource),
          name(resource),
          problem);
      return;
    }
    String instance =
        database.instanceId() != null
            ? database.instanceId()
            : RdsIdentifier.derive(namespace(resource), name(resource));
    var secrets = context.getClient().secrets().inNamespace(namespace(resource));
    Optional<String> credentials =
        RetainedCredentials.keep(
            resource,
            instance,
            Optional.ofNullable(secrets.withName(Names.masterSecret(resource)).get()),
            secret -> secrets.resource(secret).forceConflicts().serverSideApply());
    String message =
        "deleted while its spec cannot be read ("
            + problem
            + "): its RDS instance "
            + instance
            + " was not deleted, whatever its deletionPolicy; delete or keep it in AWS by hand"
            + credentials.map(name -> "; its master credentials are in Secret " + name).orElse("");
    LOG.warn("{}/{} {}", namespace(resource), name(resource), message);
    ResourceEvents.record(
        context.getClient(), resource, "Warning", EventReason.InstanceNotDeleted.name(), message);
  }

  private static String namespace(TaskOverflow resource) {
    return resource.getMetadata().getNamespace();
  }

  private static String name(TaskOverflow resource) {
    return resource.getMetadata().getName();
  }
}
