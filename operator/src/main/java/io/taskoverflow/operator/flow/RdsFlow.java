package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseUsable;
import io.taskoverflow.operator.rds.RdsAppRoleDependent;
import io.taskoverflow.operator.rds.RdsDatabase;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.rds.RdsInstanceGone;
import io.taskoverflow.operator.rds.RdsMasterSecretDependent;

/**
 * Mode RDS: an AWS RDS instance per resource, created, adopted or modified through the AWS SDK.
 *
 * <pre>
 * RDS master Secret ──> RDS instance ──> app role ──> connection Secret ──> todo Deployment
 *   (password made        (on delete:     (todo_app,     (ready: the instance is   ready: every
 *    once; none for an     held until RDS  made as        available, the role in    replica
 *    adopted instance)     no longer       master over    place: DatabaseReady)     (AppReady)
 *                          lists it)       verify-full)                            todo NetworkPolicy
 *                                                                                  (policies on;
 *                                                                                  egress to the
 *                                                                                  instance's port)
 * todo Service, Ingress (if spec.ingress): no wait
 * </pre>
 *
 * The instance takes minutes and its endpoint is not known before, so the app waits for it, and for
 * the role it logs in as.
 */
final class RdsFlow {

  private RdsFlow() {}

  static DatabaseFlow of(
      SharedNodes shared, RdsInstanceDependent instance, RdsAppRoleDependent appRole) {
    var masterSecret = new RdsMasterSecretDependent();
    var flow = new WorkflowBuilder<TaskOverflow>();
    flow.addDependentResource(masterSecret)
        .addDependentResourceAndConfigure(instance)
        .dependsOn(masterSecret)
        .withDeletePostcondition(new RdsInstanceGone())
        .addDependentResourceAndConfigure(appRole)
        .dependsOn(instance)
        .addDependentResourceAndConfigure(shared.connection())
        .dependsOn(appRole)
        .withReadyPostcondition(new DatabaseUsable(RdsDatabase.PROVISIONER));
    return new DatabaseFlow(
        shared.addTodoService(flow, shared.connection()).build(),
        RdsDatabase.PROVISIONER,
        shared.connection());
  }
}
