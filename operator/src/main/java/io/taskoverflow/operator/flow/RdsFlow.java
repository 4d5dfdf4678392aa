package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseUsable;
import io.taskoverflow.operator.rds.RdsDatabase;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.rds.RdsInstanceGone;
import io.taskoverflow.operator.rds.RdsMasterSecretDependent;

/**
 * Mode RDS: an AWS RDS instance per resource, created, adopted or modified through the AWS SDK.
 *
 * <pre>
 * RDS master Secret ──> RDS instance ──> connection Secret ──> todo Deployment
 *   (password made          (on delete: held     (ready: the instance is     ready: every replica
 *    once; none for an       until RDS no longer   available and the          (AppReady)
 *    adopted instance)       lists it)             credentials known:       todo NetworkPolicy
 *                                                  DatabaseReady)           (policies on; egress
 *                                                                            to the instance's port)
 * todo Service, Ingress (if spec.ingress): no wait
 * </pre>
 *
 * The instance takes minutes and its endpoint is not known before, so the app waits for it.
 */
final class RdsFlow {

  private RdsFlow() {}

  static DatabaseFlow of(SharedNodes shared, RdsInstanceDependent instance) {
    var masterSecret = new RdsMasterSecretDependent();
    var flow = new WorkflowBuilder<TaskOverflow>();
    flow.addDependentResource(masterSecret)
        .addDependentResourceAndConfigure(instance)
        .dependsOn(masterSecret)
        .withDeletePostcondition(new RdsInstanceGone())
        .addDependentResourceAndConfigure(shared.connection())
        .dependsOn(instance)
        .withReadyPostcondition(new DatabaseUsable(RdsDatabase.PROVISIONER));
    return new DatabaseFlow(
        shared.addTodoService(flow, shared.connection()).build(),
        RdsDatabase.PROVISIONER,
        shared.connection());
  }
}
