package io.taskoverflow.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Scrape;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's scrape has as many series with 200 TaskOverflows as with 10: no label carries a
 * resource's name, namespace or anything else that grows with their number. Mode External is the
 * cheapest to reconcile (a Secret, a Deployment, a Service, a NetworkPolicy each); they stay
 * Provisioning, since no pod runs.
 */
@ExtendWith(KubeApiServerExtension.class)
class MetricsCardinalityIT {

  private static final int FEW = 10;
  private static final int MANY = 200;
  private static final String SPEC =
      "replicas: 1\ndatabase:\n  mode: External\n  external:\n    secretRef: {name: shared-db}\n";

  @Test
  void theSeriesDoNotGrowWithTheNumberOfResources(KubernetesClient client) {
    long started = System.nanoTime();
    String ns = TestNamespaces.create(client, "cardinality");
    RunningOperator.installCrd(client);
    UserSecrets.databaseUri(client, ns, "shared-db", "postgresql://app:pw@db.example.com/todo");
    try (RunningOperator operator = RunningOperator.start(client, OperatorMetricsIT.watching(ns))) {
      createResources(client, ns, 0, FEW);
      Scrape few = awaitReconciled(operator, FEW);

      createResources(client, ns, FEW, MANY);
      Scrape many = awaitReconciled(operator, MANY);

      System.out.printf(
          "MetricsCardinalityIT: %d resources: %d series, %d bytes; %d resources: %d series, %d"
              + " bytes; %d s until %d were reconciled%n",
          FEW,
          few.series(),
          few.bytes(),
          MANY,
          many.series(),
          many.bytes(),
          Duration.ofNanos(System.nanoTime() - started).toSeconds(),
          MANY);
      assertThat(many.series())
          .as("series at %d resources; new: %s, gone: %s", MANY, added(few, many), added(many, few))
          .isEqualTo(few.series());
      assertThat(many.samples())
          .as("no label names a resource or its namespace")
          .allSatisfy(
              sample ->
                  assertThat(sample.labels().values())
                      .noneMatch(value -> value.contains(ns) || value.startsWith("todo-")));

      TaskOverflows.deleteAll(client, ns);
    }
    System.out.printf(
        "MetricsCardinalityIT: %d s in all, deletion included%n",
        Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  private static void createResources(KubernetesClient client, String ns, int from, int to) {
    for (int i = from; i < to; i++) {
      TaskOverflows.create(client, ns, "todo-" + i, SPEC);
    }
  }

  /** The scrape once every resource has its first status and the work queue is empty. */
  private static Scrape awaitReconciled(RunningOperator operator, int resources) {
    Eventually.await(
        resources + " resources reconciled",
        Duration.ofSeconds(120),
        () -> {
          Scrape scrape = operator.scrape();
          return scrape.value("taskoverflow_resources", "mode", "External", "phase", "Provisioning")
                  == resources
              && scrape.value("operator_sdk_reconciliations_executions_taskoverflow") == 0;
        });
    return operator.scrape();
  }

  private static Set<String> added(Scrape before, Scrape after) {
    Set<String> added = new TreeSet<>(after.seriesNames());
    added.removeAll(before.seriesNames());
    return added;
  }
}
