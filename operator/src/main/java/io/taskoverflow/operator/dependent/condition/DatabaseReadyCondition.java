package io.taskoverflow.operator.dependent.condition;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.DetailedCondition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.Checked;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.database.ExternalDatabase;
import io.taskoverflow.operator.database.InClusterDatabase;
import io.taskoverflow.operator.database.RdsCredentials;
import io.taskoverflow.operator.database.RdsDatabase;
import io.taskoverflow.operator.database.RdsOutcome;

/**
 * Ready post-condition of the database node: the app is deployed only once the database of the
 * resource's mode can be used. Its detail becomes the DatabaseReady status condition.
 */
public class DatabaseReadyCondition
    implements DetailedCondition<StatefulSet, TaskOverflow, DatabaseReadiness> {

  @Override
  public Result<DatabaseReadiness> detailedIsMet(
      DependentResource<StatefulSet, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    DatabaseReadiness readiness =
        switch (resource.getSpec().database().mode()) {
          case InCluster ->
              InClusterDatabase.readiness(
                  resource, context.getSecondaryResource(StatefulSet.class));
          case External -> external(resource, context);
          case RDS ->
              RdsDatabase.readiness(
                  resource, RdsOutcome.from(context), RdsCredentials.read(resource, context));
        };
    return Result.withResult(readiness.ready(), readiness);
  }

  private static DatabaseReadiness external(TaskOverflow resource, Context<TaskOverflow> context) {
    Checked<DatabaseConnection> connection =
        ExternalDatabase.read(
            resource,
            context.getSecondaryResource(Secret.class, ExternalDatabase.SECRET_EVENT_SOURCE));
    if (!connection.isPresent()) {
      return DatabaseReadiness.actionRequired(
          connection.reason(), connection.message(), null, null, "invalid");
    }
    DatabaseConnection value = connection.value();
    return DatabaseReadiness.ready(
        value.host(),
        value.port(),
        "using the database from Secret "
            + resource.getSpec().database().external().secretRef().name());
  }
}
