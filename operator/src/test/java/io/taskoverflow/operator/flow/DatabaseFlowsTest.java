package io.taskoverflow.operator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.ConnectionSecretDependent;
import io.taskoverflow.operator.external.ExternalDatabase;
import io.taskoverflow.operator.postgres.InClusterDatabase;
import io.taskoverflow.operator.postgres.PostgresStatefulSetDependent;
import io.taskoverflow.operator.rds.RdsDatabase;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.testsupport.Flows;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import org.junit.jupiter.api.Test;

/** Each mode runs its own flow: its provisioner, the node that says DatabaseReady, its cleanup. */
class DatabaseFlowsTest {

  static TaskOverflow resource(String database) {
    return TaskOverflows.parse("ns", "a", "database: " + database);
  }

  private final DatabaseFlows flows = Flows.withIdleAws();

  @Test
  void inClusterRunsPostgresAndReportsTheDatabaseFromItsStatefulSet() {
    DatabaseFlow flow = flows.of(resource("{mode: InCluster}"));

    assertThat(flow.provisioner()).isSameAs(InClusterDatabase.PROVISIONER);
    assertThat(flow.database().name()).isEqualTo(PostgresStatefulSetDependent.NAME);
    assertThat(flow.workflow().getDependentResourcesByName())
        .containsOnlyKeys(
            "postgres",
            "postgres-master",
            "postgres-tls",
            "postgres-service",
            "postgres-network-policy",
            "connection",
            "app",
            "app-service",
            "ingress",
            "app-network-policy");
    assertThat(flow.workflow().hasCleaner()).isFalse();
  }

  @Test
  void externalReportsTheDatabaseFromTheConnectionSecret() {
    DatabaseFlow flow = flows.of(resource("{mode: External, external: {secretRef: {name: s}}}"));

    assertThat(flow.provisioner()).isSameAs(ExternalDatabase.PROVISIONER);
    assertThat(flow.database().name()).isEqualTo(ConnectionSecretDependent.NAME);
    assertThat(flow.workflow().getDependentResourcesByName())
        .containsOnlyKeys("connection", "app", "app-service", "ingress", "app-network-policy");
    assertThat(flow.workflow().hasCleaner()).isFalse();
  }

  @Test
  void rdsAloneHasSomethingToCleanUpTheInstance() {
    DatabaseFlow flow = flows.of(resource("{mode: RDS}"));

    assertThat(flow.provisioner()).isSameAs(RdsDatabase.PROVISIONER);
    assertThat(flow.database().name()).isEqualTo(ConnectionSecretDependent.NAME);
    assertThat(flow.workflow().getDependentResourcesByName())
        .containsKeys(RdsInstanceDependent.NAME, "connection", "app", "app-network-policy")
        .doesNotContainKeys("postgres", "postgres-network-policy");
    assertThat(flow.workflow().hasCleaner()).isTrue();
  }

  @Test
  void theModesShareOneConnectionSecretOneAppDeploymentAndOneAppNetworkPolicy() {
    var inCluster =
        flows.of(resource("{mode: InCluster}")).workflow().getDependentResourcesByName();
    var rds = flows.of(resource("{mode: RDS}")).workflow().getDependentResourcesByName();

    assertThat(rds.get("connection")).isSameAs(inCluster.get("connection"));
    assertThat(rds.get("app")).isSameAs(inCluster.get("app"));
    assertThat(rds.get("app-network-policy")).isSameAs(inCluster.get("app-network-policy"));
  }
}
