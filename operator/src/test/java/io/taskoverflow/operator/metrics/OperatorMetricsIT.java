package io.taskoverflow.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.spec.DatabaseMode;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Scrape;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's {@code /metrics} (its registry's scrape) while TaskOverflows of several modes are
 * created, fail or become Ready against a real API server: the resource gauges follow their phases,
 * JOSDK's reconcile meters move, and a process without leader election says it leads.
 */
@ExtendWith(KubeApiServerExtension.class)
class OperatorMetricsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String EXTERNAL =
      "database:\n  mode: External\n  external:\n    secretRef: {name: %s}\n";

  @Test
  void resourcesAreCountedByModeAndPhaseAsTheyBecomeReady(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "metrics");
    RunningOperator.installCrd(client);
    try (RunningOperator operator = RunningOperator.start(client, watching(ns))) {
      Scrape before = operator.scrape();
      for (DatabaseMode mode : DatabaseMode.values()) {
        for (Phase phase : Phase.values()) {
          assertThat(
                  before.has("taskoverflow_resources", "mode", mode.name(), "phase", phase.name()))
              .as("%s/%s exists before any resource", mode, phase)
              .isTrue();
        }
        assertThat(before.has("taskoverflow_resources_stalled", "mode", mode.name())).isTrue();
      }
      assertThat(before.value("taskoverflow_resources")).isZero();
      assertThat(before.value("taskoverflow_operator_leader")).isEqualTo(1);

      UserSecrets.databaseUri(client, ns, "shared-db", "postgresql://app:pw@db.example.com/todo");
      TaskOverflows.create(client, ns, "local", "replicas: 1\n");
      TaskOverflows.create(client, ns, "ext", EXTERNAL.formatted("shared-db"));
      TaskOverflows.create(client, ns, "lost", EXTERNAL.formatted("missing-db"));
      // A Secret of the user's where the operator would write: every reconcile of it fails, and it
      // stalls while its phase stays Provisioning.
      UserSecrets.put(client, ns, "clash-db", Map.of("note", "the user's own"));
      TaskOverflows.create(client, ns, "clash", "replicas: 1\n");

      awaitScrape(
          operator,
          "each in its mode and phase, the one without its Secret and the clash stalled",
          scrape ->
              resources(scrape, "InCluster", "Provisioning") == 2
                  && resources(scrape, "External", "Provisioning") == 1
                  && resources(scrape, "External", "Failed") == 1
                  && scrape.value("taskoverflow_resources_stalled", "mode", "External") == 1
                  && scrape.value("taskoverflow_resources_stalled", "mode", "InCluster") == 1
                  && scrape.value("taskoverflow_resources") == 4);

      Simulated.postgresReady(client, ns, "local-postgres");
      awaitDeployment(client, ns, "local");
      Simulated.deploymentReady(client, ns, "local");
      awaitDeployment(client, ns, "ext");
      Simulated.deploymentReady(client, ns, "ext");

      Scrape ready =
          awaitScrape(
              operator,
              "both served resources Ready",
              scrape ->
                  resources(scrape, "InCluster", "Ready") == 1
                      && resources(scrape, "External", "Ready") == 1
                      && resources(scrape, "InCluster", "Provisioning") == 1
                      && resources(scrape, "External", "Provisioning") == 0);
      assertThat(resources(ready, "External", "Failed")).isEqualTo(1);
      assertThat(ready.value("taskoverflow_resources_stalled", "mode", "InCluster")).isEqualTo(1);
      assertThat(ready.value("operator_sdk_reconciliations_started_total"))
          .as("JOSDK's reconcile counters")
          .isGreaterThanOrEqualTo(4);
      assertThat(ready.value("operator_sdk_reconciliations_success_total")).isPositive();
      assertThat(ready.value("operator_sdk_reconciliations_failed_total"))
          .as("the clash's reconciles")
          .isPositive();
      assertThat(ready.value("taskoverflow_operator_leader")).isEqualTo(1);

      TaskOverflows.deleteAll(client, ns);
      Scrape deleted =
          awaitScrape(
              operator,
              "deleted resources leave the count",
              s -> s.value("taskoverflow_resources") == 0);
      System.out.println("OperatorMetricsIT: the operator's own and JOSDK's series:");
      deleted.samples().stream()
          .filter(s -> !s.name().matches("(jvm|system|process)_.*|.*_bucket"))
          .forEach(s -> System.out.println("  " + s));
    }
  }

  private static double resources(Scrape scrape, String mode, String phase) {
    return scrape.value("taskoverflow_resources", "mode", mode, "phase", phase);
  }

  private static Scrape awaitScrape(
      RunningOperator operator, String what, java.util.function.Predicate<Scrape> condition) {
    try {
      Eventually.await(what, TIMEOUT, () -> condition.test(operator.scrape()));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "; the resource series not at 0: "
              + operator.scrape().samples().stream()
                  .filter(s -> s.name().startsWith("taskoverflow_resources") && s.value() != 0)
                  .toList(),
          e);
    }
    return operator.scrape();
  }

  private static void awaitDeployment(KubernetesClient client, String ns, String name) {
    Eventually.await(
        name + "'s Deployment is created",
        TIMEOUT,
        () -> client.apps().deployments().inNamespace(ns).withName(name).get() != null);
  }

  static OperatorConfig watching(String ns) {
    return OperatorConfig.fromEnv(
        Map.of(
            "TODO_IMAGE",
            RunningOperator.TODO_IMAGE,
            "POSTGRES_IMAGE",
            RunningOperator.POSTGRES_IMAGE,
            "WATCH_NAMESPACES",
            ns));
  }
}
