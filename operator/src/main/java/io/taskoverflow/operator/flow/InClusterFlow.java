package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.network.PostgresNetworkPolicyDependent;
import io.taskoverflow.operator.postgres.InClusterDatabase;
import io.taskoverflow.operator.postgres.PostgresMasterSecretDependent;
import io.taskoverflow.operator.postgres.PostgresServiceDependent;
import io.taskoverflow.operator.postgres.PostgresStarted;
import io.taskoverflow.operator.postgres.PostgresStatefulSetDependent;
import io.taskoverflow.operator.postgres.PostgresTlsSecretDependent;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.tls.CertificateAuthority;
import java.time.Clock;

/**
 * Mode InCluster: a PostgreSQL StatefulSet beside the app, and both start together.
 *
 * <pre>
 * master Secret ───┐
 *   (superuser)    ├─> connection Secret ──> PostgreSQL StatefulSet ──> todo Deployment
 * TLS Secret ──────┘     (application role;     (started once applied;      (ready: every
 *   (certificate from     verified against       DatabaseReady: PostgreSQL    replica → AppReady)
 *    the operator's CA)   the CA)                accepts connections)        todo NetworkPolicy
 *                                                                             (policies on)
 * PostgreSQL Service, todo Service, Ingress (only with spec.ingress),
 * PostgreSQL NetworkPolicy (policies on): wait for nothing
 * </pre>
 *
 * The master Secret comes before the connection Secret because it takes over the superuser of a
 * database made before the app had a role of its own, from the connection Secret as it was. The
 * connection Secret carries the CA of the TLS Secret's certificate. The StatefulSet comes after
 * them so that PostgreSQL starts with its credentials and certificate. The app waits only until the
 * StatefulSet is applied, not until PostgreSQL accepts connections: its address is fixed before the
 * server runs, and each todo pod's own startup waits for the database, so both start at once. A
 * StatefulSet that cannot be applied (its name taken, say) holds the app back.
 */
final class InClusterFlow {

  private InClusterFlow() {}

  static DatabaseFlow of(
      SharedNodes shared,
      DefaultImageRollout postgresImage,
      ImagePullSecrets pullSecrets,
      CertificateAuthority ca) {
    var master = new PostgresMasterSecretDependent();
    var tls = new PostgresTlsSecretDependent(ca, Clock.systemUTC());
    var postgres = new PostgresStatefulSetDependent(postgresImage, pullSecrets);
    var flow =
        new WorkflowBuilder<TaskOverflow>()
            .addDependentResource(master)
            .addDependentResource(tls)
            .addDependentResourceAndConfigure(shared.connection())
            .dependsOn(master, tls)
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
