package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.MetricsCheck;
import io.taskoverflow.operator.testsupport.Scrape;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Prometheus scrapes, scraped the same way: the operator's {@code /metrics} and that of each
 * todo pod move as a TaskOverflow is created and its todos are served, and as another one stalls on
 * a name taken; every query of the chart's dashboard and alert rules names a series found here.
 */
@ExtendWith(KindCluster.class)
class MetricsE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  private static final String[] IN_CLUSTER = {"mode", "InCluster"};
  private static final String[] IN_CLUSTER_READY = {"mode", "InCluster", "phase", "Ready"};
  private static final String[] LIST_OK = {
    "method", "GET", "route", "/api/v1/todos", "status", "200"
  };

  /** JOSDK's count of reconciles begun. */
  private static final String RECONCILES = "operator_sdk_reconciliations_started_total";

  /** JOSDK's count of reconciles that ended with an exception. */
  private static final String FAILED_RECONCILES = "operator_sdk_reconciliations_failed_total";

  @Test
  void theOperatorAndTheTodoPodsServeTheSeriesTheDashboardAndAlertsQuery(KubernetesClient client) {
    Scrape before = operator(client);
    String namespace = namespaces.restricted(client, "e2e-metrics");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);

    Scrape operator = awaitOperator(client, before);
    assertThat(operator.value("taskoverflow_resources", IN_CLUSTER))
        .as("InCluster TaskOverflows, one more than before")
        .isEqualTo(before.value("taskoverflow_resources", IN_CLUSTER) + 1);
    assertThat(operator.value(RECONCILES))
        .as("reconciles counted")
        .isGreaterThan(before.value(RECONCILES));
    assertThat(operator.value("taskoverflow_operator_leader")).isEqualTo(1);

    Scrape todoBefore = todoPods(client, namespace, name);
    int lists = 3;
    try (TodoService service = TodoService.open(client, namespace, name)) {
      for (int i = 0; i < lists; i++) {
        assertThat(service.get("/api/v1/todos").status()).isEqualTo(200);
      }
    }
    Scrape todo = todoPods(client, namespace, name);
    assertThat(todo.value("http_server_requests_seconds_count", LIST_OK))
        .as("GET /api/v1/todos answered 200, counted by route and status")
        .isGreaterThanOrEqualTo(
            todoBefore.value("http_server_requests_seconds_count", LIST_OK) + lists);
    assertThat(todo.value("http_server_requests_seconds_bucket", LIST_OK))
        .as("and in the latency histogram")
        .isPositive();
    assertThat(todo.value("taskoverflow_todo_ready"))
        .as("every todo pod ready")
        .isEqualTo(todoPodsOf(client, namespace, name).size());
    assertThat(todo.has("hikaricp_connections_active")).isTrue();

    Scrape stalled = aNameTakenCountsAsAFailedReconcileAndAStalledResource(client, namespace);

    Set<String> scraped = new TreeSet<>();
    Stream.of(operator, todo, stalled)
        .flatMap(scrape -> scrape.samples().stream())
        .forEach(sample -> scraped.add(sample.name()));
    KindCluster.note("metrics: %d series names scraped", scraped.size());
    assertThat(MetricsCheck.unscraped(scraped, MetricsCheck.DASHBOARD, renderedRules()))
        .as("dashboard and alert queries that name a series neither endpoint served")
        .isEmpty();
  }

  /**
   * A user's Secret under the name of a new TaskOverflow's connection Secret: every reconcile of it
   * fails (JOSDK counts them), and it is counted as stalled.
   */
  private static Scrape aNameTakenCountsAsAFailedReconcileAndAStalledResource(
      KubernetesClient client, String namespace) {
    Scrape before = operator(client);
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("taken-db")
                .endMetadata()
                .addToStringData("note", "the user's own")
                .build())
        .create();
    TaskOverflows.create(client, namespace, "taken", "{}");
    Scrape[] last = {before};
    Eventually.await(
        "a failed reconcile and one more stalled InCluster TaskOverflow",
        Duration.ofSeconds(60),
        () -> {
          last[0] = operator(client);
          return last[0].value(FAILED_RECONCILES) > before.value(FAILED_RECONCILES)
              && last[0].value("taskoverflow_resources_stalled", IN_CLUSTER)
                  == before.value("taskoverflow_resources_stalled", IN_CLUSTER) + 1;
        });
    return last[0];
  }

  /** Once the operator's gauges count the new TaskOverflow as Ready. */
  private static Scrape awaitOperator(KubernetesClient client, Scrape before) {
    double expected = before.value("taskoverflow_resources", IN_CLUSTER_READY) + 1;
    Scrape[] last = {before};
    Eventually.await(
        "taskoverflow_resources{mode=InCluster,phase=Ready} reaches " + expected,
        Duration.ofSeconds(30),
        () -> {
          last[0] = operator(client);
          return last[0].value("taskoverflow_resources", IN_CLUSTER_READY) == expected;
        });
    return last[0];
  }

  /** The leading operator pod's scrape (the others lead nothing and count nothing). */
  private static Scrape operator(KubernetesClient client) {
    List<Scrape> scrapes =
        client
            .pods()
            .inNamespace(KindCluster.OPERATOR_NAMESPACE)
            .withLabel("app.kubernetes.io/instance", KindCluster.RELEASE)
            .list()
            .getItems()
            .stream()
            .filter(TodoService::ready)
            .map(pod -> PodMetrics.scrape(client, pod, "http-metrics"))
            .filter(scrape -> scrape.value("taskoverflow_operator_leader") == 1)
            .toList();
    assertThat(scrapes).as("one leading operator pod").hasSize(1);
    return scrapes.get(0);
  }

  private static Scrape todoPods(KubernetesClient client, String namespace, String name) {
    // One text of every pod's lines: the sums are over the pods.
    return Scrape.of(
        todoPodsOf(client, namespace, name).stream()
            .map(pod -> PodMetrics.text(client, pod, "metrics"))
            .collect(Collectors.joining("\n")));
  }

  private static List<Pod> todoPodsOf(KubernetesClient client, String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", name)
        .withLabel("app.kubernetes.io/component", "app")
        .list()
        .getItems()
        .stream()
        .filter(TodoService::ready)
        .toList();
  }

  /** The chart's PrometheusRule as it installs it. */
  private static Path renderedRules() {
    try {
      Path rules = Files.createTempFile("prometheusrule", ".yaml");
      Files.writeString(
          rules,
          OperatorRelease.helmOutput(
              "template",
              KindCluster.RELEASE,
              KindCluster.REPOSITORY.resolve("helm/taskoverflow-operator").toString(),
              "--namespace",
              KindCluster.OPERATOR_NAMESPACE,
              "--set",
              "metrics.prometheusRule.enabled=true",
              "--show-only",
              "templates/prometheusrule.yaml"));
      return rules;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
