package io.taskoverflow.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.DetailedCondition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;

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
    DatabaseReadiness readiness = DatabaseProvisioner.of(resource).readiness(resource, context);
    return Result.withResult(readiness.ready(), readiness);
  }
}
