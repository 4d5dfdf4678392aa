package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.postgres.InClusterDatabase;
import io.taskoverflow.operator.postgres.PostgresReady;
import io.taskoverflow.operator.postgres.PostgresServiceDependent;
import io.taskoverflow.operator.postgres.PostgresStatefulSetDependent;

/**
 * Mode InCluster: a PostgreSQL StatefulSet beside the app, and both start together.
 *
 * <pre>
 * connection Secret ──> PostgreSQL StatefulSet   ready: PostgreSQL accepts connections (DatabaseReady)
 *     (credentials   └─> todo Deployment          ready: every replica (AppReady)
 *      generated)    PostgreSQL Service, todo Service, Ingress (if spec.ingress): no wait
 * </pre>
 *
 * The StatefulSet comes after the Secret so that PostgreSQL starts with its credentials. The app
 * does not wait for PostgreSQL: its address is fixed before the server runs, and each todo pod's
 * own startup waits for the database, so both start at once.
 */
final class InClusterFlow {

  private InClusterFlow() {}

  static DatabaseFlow of(TodoServiceNodes shared, String postgresImage) {
    var postgres = new PostgresStatefulSetDependent(postgresImage);
    var flow =
        new WorkflowBuilder<TaskOverflow>()
            .addDependentResource(shared.connection())
            .addDependentResourceAndConfigure(postgres)
            .dependsOn(shared.connection())
            .withReadyPostcondition(new PostgresReady())
            .addDependentResource(new PostgresServiceDependent());
    return new DatabaseFlow(
        shared.addTodoService(flow, shared.connection()).build(),
        InClusterDatabase.PROVISIONER,
        postgres);
  }
}
