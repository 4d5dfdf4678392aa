package io.taskoverflow.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code helm upgrade} of the operator with a changed value restarts no todo or PostgreSQL pod. */
@ExtendWith(KindCluster.class)
class HelmUpgradeE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void helmUpgradeWithAChangedValueRestartsNoTodoOrPostgresPod(KubernetesClient client)
      throws Exception {
    String namespace = namespaces.restricted(client, "e2e-upgrade");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    Workloads.externalOnTheDatabaseOf(client, namespace, name, "team-db", "shared");
    Workloads.awaitReady(client, namespace, "shared");

    SortedSet<String> before = workloadPods(client, namespace);
    assertThat(before).as("expected 3 workload pods before the upgrade: %s", before).hasSize(3);

    Deployment operator = operatorDeployment(client);
    String concurrency = "5".equals(env(operator, "RECONCILE_CONCURRENCY")) ? "4" : "5";
    long started = System.nanoTime();
    helm(
        "upgrade",
        KindCluster.RELEASE,
        KindCluster.REPOSITORY.resolve("helm/taskoverflow-operator").toString(),
        "--namespace",
        KindCluster.OPERATOR_NAMESPACE,
        "--reuse-values",
        "--set",
        "reconcileConcurrency=" + concurrency);
    Eventually.await(
        "the operator's Deployment has RECONCILE_CONCURRENCY=" + concurrency,
        Duration.ofSeconds(30),
        () -> concurrency.equals(env(operatorDeployment(client), "RECONCILE_CONCURRENCY")));
    Workloads.awaitRollout(
        client,
        KindCluster.OPERATOR_NAMESPACE,
        operator.getMetadata().getName(),
        Duration.ofMinutes(5));
    KindCluster.note("time operator upgrade: %s s", KindCluster.secondsSince(started));

    // The new operator reconciles every resource when it starts; give it time to do so.
    TimeUnit.SECONDS.sleep(20);
    Eventually.await(
        "every TaskOverflow in " + namespace + " is Ready after the upgrade",
        Duration.ofSeconds(60),
        () ->
            client.resources(TaskOverflow.class).inNamespace(namespace).list().getItems().stream()
                .allMatch(
                    tof ->
                        "True"
                            .equals(
                                Workloads.conditionStatus(
                                    client, namespace, tof.getMetadata().getName(), "Ready"))));
    assertThat(workloadPods(client, namespace))
        .as("the upgrade restarted workload pods")
        .isEqualTo(before);
  }

  /** The pods of the TaskOverflows as {@code name=uid}. */
  private static SortedSet<String> workloadPods(KubernetesClient client, String namespace) {
    SortedSet<String> pods = new TreeSet<>();
    client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/name", "taskoverflow")
        .list()
        .getItems()
        .forEach(pod -> pods.add(pod.getMetadata().getName() + "=" + pod.getMetadata().getUid()));
    return pods;
  }

  private static Deployment operatorDeployment(KubernetesClient client) {
    List<Deployment> deployments =
        client
            .apps()
            .deployments()
            .inNamespace(KindCluster.OPERATOR_NAMESPACE)
            .withLabel("app.kubernetes.io/instance", KindCluster.RELEASE)
            .list()
            .getItems();
    assertThat(deployments).as("the chart's operator Deployment").hasSize(1);
    return deployments.get(0);
  }

  private static String env(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  /** Runs the helm binary the script uses, on the cluster's context; fails with its output. */
  private static void helm(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KindCluster.HELM));
    if (!KindCluster.CONTEXT.isEmpty()) {
      command.addAll(List.of("--kube-context", KindCluster.CONTEXT));
    }
    command.addAll(List.of(arguments));
    Process helm = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(helm.getInputStream().readAllBytes(), UTF_8);
    assertThat(helm.waitFor(5, TimeUnit.MINUTES)).as("helm finished").isTrue();
    assertThat(helm.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
  }
}
