package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.network.PostgresNetworkPolicyDependent;
import io.taskoverflow.operator.postgres.InClusterDatabase;
import io.taskoverflow.operator.postgres.PostgresServiceDependent;
import io.taskoverflow.operator.postgres.PostgresStarted;
import io.taskoverflow.operator.postgres.PostgresStatefulSetDependent;

/**
 * Mode InCluster: a PostgreSQL StatefulSet beside the app, and both start together.
 *
 * <pre>
 * connection Secret ──> PostgreSQL StatefulSet ──> todo Deployment
 *   (credentials          (started once applied;       (ready: every replica → AppReady)
 *    generated)            DatabaseReady: PostgreSQL   todo NetworkPolicy (policies on)
 *                          accepts connections)
 * PostgreSQL Service, todo Service, Ingress (only with spec.ingress),
 * PostgreSQL NetworkPolicy (policies on): wait for nothing
 * </pre>
 *
 * The StatefulSet comes after the Secret so that PostgreSQL starts with its credentials. The app
 * waits only until the StatefulSet is applied, not until PostgreSQL accepts connections: its
 * address is fixed before the server runs, and each todo pod's own startup waits for the database,
 * so both start at once. A StatefulSet that cannot be applied (its name taken, say) holds the app
 * back.
 */
final class InClusterFlow {

  private InClusterFlow() {}

  static DatabaseFlow of(SharedNodes shared, String postgresImage) {
    var postgres = new PostgresStatefulSetDependent(postgresImage);
    var flow =
        new WorkflowBuilder<TaskOverflow>()
            .addDependentResource(shared.connection())
            .addDependentResourceAndConfigure(postgres)
            .dependsOn(shared.connection())
            .withReadyPostcondition(new PostgresStarted())
            .addDependentResourceAndConfigure(new PostgresNetworkPolicyDependent())
            .withReconcilePrecondition(shared.networkPolicies())
            .addDependentResource(new PostgresServiceDependent());
    return new DatabaseFlow(
        shared.addTodoService(flow, postgres).build(), InClusterDatabase.PROVISIONER, postgres);
  }
}
