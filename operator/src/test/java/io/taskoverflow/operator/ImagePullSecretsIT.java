package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pull Secrets of the chart's {@code taskOverflowImagePullSecrets} on the pod templates the API
 * server stores, through the operator restarts that a change of the value makes: a restart with the
 * same list writes no template, a new list changes each template once, and an empty list removes
 * the field.
 */
@ExtendWith(KubeApiServerExtension.class)
class ImagePullSecretsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Long enough for a started operator to reconcile a handful of resources. */
  private static final Duration SETTLE = Duration.ofSeconds(8);

  @Test
  void theTemplatesFollowTheConfiguredListAndChangeOnlyWhenItChanges(KubernetesClient client)
      throws Exception {
    RunningOperator.installCrd(client);
    String ns = TestNamespaces.create(client, "pull-secrets");

    try (RunningOperator operator = start(client, "registry-a")) {
      TaskOverflows.create(client, ns, "shop", "{}");
      await(client, ns, StatefulSet.class, "shop-postgres");
      await(client, ns, Deployment.class, "shop");
      awaitPullSecrets(client, ns, List.of("registry-a"));
      Thread.sleep(SETTLE.toMillis());
    }
    long postgresGeneration = statefulSet(client, ns).getMetadata().getGeneration();
    long appGeneration = deployment(client, ns).getMetadata().getGeneration();

    try (RunningOperator operator = start(client, "registry-a")) {
      Thread.sleep(SETTLE.toMillis());
    }
    assertThat(statefulSet(client, ns).getMetadata().getGeneration())
        .as("an operator restarted with the same list leaves the PostgreSQL template alone")
        .isEqualTo(postgresGeneration);
    assertThat(deployment(client, ns).getMetadata().getGeneration())
        .as("and the todo template")
        .isEqualTo(appGeneration);

    try (RunningOperator operator = start(client, "registry-a,registry-b")) {
      awaitPullSecrets(client, ns, List.of("registry-a", "registry-b"));
      Thread.sleep(SETTLE.toMillis());
    }
    assertThat(statefulSet(client, ns).getMetadata().getGeneration())
        .as("a new list changes the PostgreSQL template once (one restart of its pod)")
        .isEqualTo(postgresGeneration + 1);
    assertThat(deployment(client, ns).getMetadata().getGeneration())
        .as("and the todo template once (one rollout)")
        .isEqualTo(appGeneration + 1);

    try (RunningOperator operator = start(client, "")) {
      awaitPullSecrets(client, ns, List.of());
    }
  }

  private static RunningOperator start(KubernetesClient client, String pullSecrets) {
    return RunningOperator.start(
        client,
        OperatorConfig.fromEnv(
            Map.of(
                "TODO_IMAGE", RunningOperator.TODO_IMAGE,
                "POSTGRES_IMAGE", RunningOperator.POSTGRES_IMAGE,
                "IMAGE_PULL_SECRETS", pullSecrets)));
  }

  private static void awaitPullSecrets(KubernetesClient client, String ns, List<String> names) {
    Eventually.await(
        "the todo and PostgreSQL pod templates pull with " + names,
        TIMEOUT,
        () ->
            pullSecrets(statefulSet(client, ns).getSpec().getTemplate().getSpec()).equals(names)
                && pullSecrets(deployment(client, ns).getSpec().getTemplate().getSpec())
                    .equals(names));
  }

  private static List<String> pullSecrets(PodSpec pod) {
    return pod.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
  }

  private static StatefulSet statefulSet(KubernetesClient client, String ns) {
    return client.apps().statefulSets().inNamespace(ns).withName("shop-postgres").get();
  }

  private static Deployment deployment(KubernetesClient client, String ns) {
    return client.apps().deployments().inNamespace(ns).withName("shop").get();
  }
}
