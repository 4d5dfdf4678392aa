package io.taskoverflow.operator.postgres;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.DetailedCondition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.kube.OwnedPods;
import io.taskoverflow.operator.kube.PodTrouble;
import java.util.Optional;

/**
 * Ready post-condition of the PostgreSQL StatefulSet: met once the StatefulSet is applied, since
 * the app starts together with its database rather than after it. Its detail, the DatabaseReady
 * condition, says whether PostgreSQL accepts connections, and names what holds its pod back when it
 * is stuck.
 */
public class PostgresStarted
    implements DetailedCondition<StatefulSet, TaskOverflow, DatabaseReadiness> {

  @Override
  public Result<DatabaseReadiness> detailedIsMet(
      DependentResource<StatefulSet, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    Optional<StatefulSet> postgres = dependent.getSecondaryResource(resource, context);
    DatabaseReadiness server = InClusterDatabase.PROVISIONER.readiness(resource, context);
    DatabaseReadiness readiness =
        server.ready()
            ? server
            : PodTrouble.find(
                    OwnedPods.of(context, PostgresStatefulSetDependent.COMPONENT),
                    postgres.flatMap(PostgresStarted::storageClass))
                .map(trouble -> server.because(trouble.reason(), trouble.message()))
                .orElse(server);
    return Result.withResult(true, readiness);
  }

  /** What the data volume asks for, as the StatefulSet has it (empty: the cluster's default). */
  private static Optional<String> storageClass(StatefulSet postgres) {
    return postgres.getSpec().getVolumeClaimTemplates().stream()
        .findFirst()
        .map(claim -> claim.getSpec().getStorageClassName());
  }
}
