package io.taskoverflow.operator.database;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.DetailedCondition;
import io.taskoverflow.crd.TaskOverflow;

/**
 * Ready post-condition of the connection Secret where the database is not the operator's to start
 * (RDS, External): the app, which hangs on the Secret, is deployed once the mode's database can be
 * used. Its detail becomes the DatabaseReady condition.
 */
public class DatabaseUsable implements DetailedCondition<Secret, TaskOverflow, DatabaseReadiness> {

  private final DatabaseProvisioner provisioner;

  public DatabaseUsable(DatabaseProvisioner provisioner) {
    this.provisioner = provisioner;
  }

  @Override
  public Result<DatabaseReadiness> detailedIsMet(
      DependentResource<Secret, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    DatabaseReadiness readiness = provisioner.readiness(resource, context);
    return Result.withResult(readiness.ready(), readiness);
  }
}
