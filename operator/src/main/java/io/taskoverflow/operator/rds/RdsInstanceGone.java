package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.DetailedCondition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsTags;
import java.util.List;

/**
 * Delete post-condition of the RDS instance: the finalizer stays until the instance was let go, or
 * a successful DescribeDBInstances no longer lists an instance of this resource. Its detail is the
 * status of a Deleting resource.
 */
public class RdsInstanceGone
    implements DetailedCondition<RdsInstance, TaskOverflow, RdsObservation> {

  @Override
  public Result<RdsObservation> detailedIsMet(
      DependentResource<RdsInstance, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    if (!RdsDatabaseSelected.test(resource)) {
      return Result.withResult(true, null);
    }
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
            .filter(instance -> RdsTags.ownedBy(instance, resource))
            .isPresent();
    boolean gone = poller.synced() && poller.problem().isEmpty() && !listed;
    return Result.withResult(gone, gone ? deleting.asGone() : deleting);
  }
}
