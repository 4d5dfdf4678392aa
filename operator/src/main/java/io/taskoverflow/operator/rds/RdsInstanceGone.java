package io.taskoverflow.operator.rds;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.DetailedCondition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.kube.EventReason;
import io.taskoverflow.operator.kube.ResourceEvents;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delete post-condition of the RDS instance: the finalizer stays until the instance was let go, a
 * successful DescribeDBInstances no longer lists an instance of this resource, or the {@link
 * RdsDeletionDeadline} has passed. Its detail is the status of a Deleting resource.
 */
public class RdsInstanceGone
    implements DetailedCondition<RdsInstance, TaskOverflow, RdsObservation> {

  private static final Logger LOG = LoggerFactory.getLogger(RdsInstanceGone.class);

  @Override
  public Result<RdsObservation> detailedIsMet(
      DependentResource<RdsInstance, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    String identifier = RdsIdentifier.of(resource);
    RdsObservation seen =
        RdsObservation.from(context)
            .orElse(
                new RdsObservation.Deleting(
                    identifier, "InstanceDeleting", "deleting", false, null, null, List.of()));
    if (!(seen instanceof RdsObservation.Deleting deleting)) {
      return Result.withResult(true, seen);
    }
    var poller = ((RdsInstanceDependent) dependent).poller();
    boolean listed =
        dependent
            .getSecondaryResource(resource, context)
            .filter(instance -> RdsOwnership.ownedBy(instance, resource))
            .isPresent();
    boolean gone = poller.synced() && poller.problem().isEmpty() && !listed;
    var rds = (RdsInstanceDependent) dependent;
    ResourceID id = ResourceID.fromResource(resource);
    if (gone) {
      rds.deadline().forget(id);
      return Result.withResult(true, deleting.asGone());
    }
    return rds.deadline()
        .passed(id, deleting)
        .map(
            released -> {
              poller.release(id);
              RdsObservation.Gone reported = keepCredentialsIfLeft(context, resource, released);
              reportRelease(context, resource, reported);
              return Result.<RdsObservation>withResult(true, reported);
            })
        .orElseGet(() -> Result.withResult(false, deleting));
  }

  /** An instance left running keeps its generated password, or nobody could log in again. */
  private static RdsObservation.Gone keepCredentialsIfLeft(
      Context<TaskOverflow> context, TaskOverflow resource, RdsObservation.Gone released) {
    if (!"InstanceLeftBehind".equals(released.reason())) {
      return released;
    }
    return RetainedCredentials.keep(
            resource,
            released.identifier(),
            context.getSecondaryResource(Secret.class, RdsCredentials.MASTER_SECRET_EVENT_SOURCE),
            secret ->
                context.getClient().secrets().resource(secret).forceConflicts().serverSideApply())
        .map(
            name ->
                new RdsObservation.Gone(
                    released.identifier(),
                    released.reason(),
                    released.message() + "; its master credentials are in Secret " + name,
                    released.finalSnapshot()))
        .orElse(released);
  }

  private static void reportRelease(
      Context<TaskOverflow> context, TaskOverflow resource, RdsObservation.Gone released) {
    boolean leftBehind = "InstanceLeftBehind".equals(released.reason());
    if (leftBehind) {
      LOG.warn(
          "{}/{}: {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          released.message());
    }
    ResourceEvents.record(
        context.getClient(),
        resource,
        leftBehind ? "Warning" : "Normal",
        leftBehind ? EventReason.InstanceLeftBehind.name() : EventReason.DeletingInstance.name(),
        released.message());
  }
}
