package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * More todo pods (BUDGET_REPLICAS, 12) than PostgreSQL's 100 connections allow at 10 each: all
 * become ready, sharing the connections, and PostgreSQL refuses none.
 */
@ExtendWith(KindCluster.class)
class ConnectionBudgetE2E {

  static final int REPLICAS =
      Integer.parseInt(System.getenv().getOrDefault("BUDGET_REPLICAS", "12"));

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void twelveTodoPodsShareOneHundredConnectionsAndNoneIsRefused(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-budget");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);

    TaskOverflows.of(client, namespace, name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"replicas\":"
                + REPLICAS
                + ",\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"128Mi\"},"
                + "\"limits\":{\"memory\":\"384Mi\"}}}}");
    // The smaller pool is rolled out first, then the Deployment scales up.
    Eventually.await(
        "deployment/" + name + " wants " + REPLICAS + " replicas",
        Duration.ofSeconds(120),
        () ->
            Objects.equals(deployment(client, namespace, name).getSpec().getReplicas(), REPLICAS));
    try {
      Workloads.awaitRollout(client, namespace, name, Duration.ofMinutes(8));
    } catch (AssertionError e) {
      throw new AssertionError(
          REPLICAS + " todo pods did not all become ready: " + e.getMessage(), e);
    }

    Deployment deployment = deployment(client, namespace, name);
    String pool =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> "DB_POOL_SIZE".equals(e.getName()))
            .map(EnvVar::getValue)
            .findFirst()
            .orElse("?");
    String postgres = name + "-postgres-0";
    int sessions =
        Integer.parseInt(
            Workloads.exec(
                    client,
                    namespace,
                    postgres,
                    "sh",
                    "-c",
                    "psql -h /var/run/postgresql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc"
                        + " \"select count(*) from pg_stat_activity where application_name ="
                        + " 'taskoverflow'\"")
                .trim());
    long refused =
        Workloads.log(client, namespace, postgres)
            .lines()
            .filter(line -> line.contains("too many clients"))
            .count();
    KindCluster.note(
        "connection budget: %d ready pods with a pool of %s each hold %d connections of"
            + " max_connections 100; %d refused",
        Workloads.count(deployment.getStatus().getReadyReplicas()), pool, sessions, refused);
    assertThat(refused).as("PostgreSQL refused %d connections: too many clients", refused).isZero();
    assertThat(sessions)
        .as("the todo pods hold %d connections, more than the 95 they may", sessions)
        .isLessThanOrEqualTo(95);
  }

  private static Deployment deployment(KubernetesClient client, String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }
}
