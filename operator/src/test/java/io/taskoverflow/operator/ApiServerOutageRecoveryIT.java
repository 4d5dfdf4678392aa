package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.ApiServerOutage;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.OutageRecovery;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away for 90 s while the operator is at work on new resources (a control plane
 * upgrade, a crash) and comes back on the same address with the same etcd: every resource must then
 * become Ready by itself, its failed reconciles retried and the informers reconnected. On an API
 * server of its own, so that the other IT classes never see the outage.
 *
 * <p>After the restart the statuses that stand in for pods are events too, so this passes with
 * JOSDK's default retry as well; {@link AdmissionRefusalRecoveryIT} is where only retries help.
 */
class ApiServerOutageRecoveryIT {

  private static final Duration OUTAGE = Duration.ofSeconds(90);
  private static final Duration RECOVERY = Duration.ofMinutes(2);

  private static final List<String> NAMES =
      List.of("local-1", "local-2", "local-3", "ext-1", "ext-2", "ext-3");

  @Test
  void resourcesCaughtByANinetySecondApiServerOutageBecomeReadyWithinTwoMinutesOfItsReturn() {
    try (SharedKubeApiServer server = SharedKubeApiServer.startStandalone();
        ApiServerOutage outage = ApiServerOutage.of(server);
        RunningOperator operator = RunningOperator.start(server.client())) {
      KubernetesClient client = server.client();
      String ns = TestNamespaces.create(client, "outage");
      UserSecrets.databaseUri(client, ns, "shared-db", "postgresql://app:pw@db.example.com/todo");
      String external = "database: {mode: External, external: {secretRef: {name: shared-db}}}\n";
      OutageRecovery.createInParallel(
          client,
          ns,
          Map.of(
              "local-1", "{}", "local-2", "{}", "local-3", "{}", "ext-1", external, "ext-2",
              external, "ext-3", external));
      Eventually.await(
          "the operator is at work: it wrote a connection Secret",
          Duration.ofSeconds(60),
          () -> NAMES.stream().anyMatch(name -> secretExists(client, ns, name + "-db")));

      outage.stop();
      long downSince = System.nanoTime();
      assertThat(outage.isServing()).as("the API server answers during the outage").isFalse();
      OutageRecovery.sleepUntil(downSince, OUTAGE);
      outage.start();
      Map<String, Duration> readyAfter = OutageRecovery.awaitReady(client, ns, NAMES, RECOVERY);

      System.out.printf("Ready after the API server came back: %s%n", readyAfter);
      assertThat(readyAfter).containsOnlyKeys(NAMES);
    }
  }

  private static boolean secretExists(KubernetesClient client, String ns, String name) {
    return client.secrets().inNamespace(ns).withName(name).get() != null;
  }
}
