package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import java.time.Duration;
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
    Workloads.externalOnATeamDatabase(client, namespace, "team-db", "shared");
    Workloads.awaitReady(client, namespace, "shared");

    SortedSet<String> before = workloadPods(client, namespace);
    assertThat(before).as("expected 3 workload pods before the upgrade: %s", before).hasSize(3);

    Deployment operator = OperatorRelease.deployment(client);
    String concurrency =
        "5".equals(OperatorRelease.env(operator, "RECONCILE_CONCURRENCY")) ? "4" : "5";
    long started = System.nanoTime();
    OperatorRelease.upgradeToThisChart(
        "--reuse-values", "--set", "reconcileConcurrency=" + concurrency);
    Eventually.await(
        "the operator's Deployment has RECONCILE_CONCURRENCY=" + concurrency,
        Duration.ofSeconds(30),
        () ->
            concurrency.equals(
                OperatorRelease.env(OperatorRelease.deployment(client), "RECONCILE_CONCURRENCY")));
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
}
