package io.taskoverflow.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.DetailedCondition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;
import java.util.Optional;

/**
 * Ready post-condition of the database node: the app is deployed once the database of the
 * resource's mode can be used, or at once where the mode lets both start together ({@link
 * DatabaseProvisioner#appStartsWithDatabase}). Its detail becomes the DatabaseReady status
 * condition, which names what holds a PostgreSQL pod back when one is stuck.
 */
public class DatabaseReadyCondition
    implements DetailedCondition<StatefulSet, TaskOverflow, DatabaseReadiness> {

  @Override
  public Result<DatabaseReadiness> detailedIsMet(
      DependentResource<StatefulSet, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    DatabaseProvisioner provisioner = DatabaseProvisioner.of(resource);
    DatabaseReadiness mode = provisioner.readiness(resource, context);
    // Only the in-cluster PostgreSQL has pods; other modes find none.
    DatabaseReadiness readiness =
        mode.ready()
            ? mode
            : PodTrouble.find(
                    OwnedPods.of(context, PostgresStatefulSetDependent.COMPONENT),
                    dependent
                        .getSecondaryResource(resource, context)
                        .flatMap(DatabaseReadyCondition::storageClass))
                .map(trouble -> mode.because(trouble.reason(), trouble.message()))
                .orElse(mode);
    return Result.withResult(readiness.ready() || provisioner.appStartsWithDatabase(), readiness);
  }

  /** What the data volume asks for, as the StatefulSet has it (empty: the cluster's default). */
  private static Optional<String> storageClass(StatefulSet postgres) {
    return postgres.getSpec().getVolumeClaimTemplates().stream()
        .findFirst()
        .map(claim -> claim.getSpec().getStorageClassName());
  }
}
