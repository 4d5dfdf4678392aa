package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operator the script installed with the chart: its Deployment, settings, and helm. */
final class OperatorRelease {

  private OperatorRelease() {}

  static Deployment deployment(KubernetesClient client) {
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

  /** A plain environment variable of the operator's container, or null. */
  static String env(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  /** The image of the in-cluster PostgreSQL the chart gives the operator. */
  static String postgresImage(KubernetesClient client) {
    return env(deployment(client), "POSTGRES_IMAGE");
  }

  /** The todo service image the chart gives the operator. */
  static String todoImage(KubernetesClient client) {
    return env(deployment(client), "TODO_IMAGE");
  }

  /** An image name's repository: all before the tag. */
  static String imageRepository(String image) {
    return image.substring(0, image.lastIndexOf(':'));
  }

  /** An image name's tag. */
  static String imageTag(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }

  /** {@code helm upgrade} of the release with this repository's chart and {@code arguments}. */
  static void upgradeToThisChart(String... arguments) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "upgrade",
                KindCluster.RELEASE,
                KindCluster.REPOSITORY.resolve("helm/taskoverflow-operator").toString(),
                "--namespace",
                KindCluster.OPERATOR_NAMESPACE));
    command.addAll(List.of(arguments));
    helm(command.toArray(String[]::new));
  }

  /** Runs the helm binary the script uses, on the cluster's context; fails with its output. */
  static void helm(String... arguments) throws IOException, InterruptedException {
    helmOutput(arguments);
  }

  /** The same, returning what helm printed. */
  static String helmOutput(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KindCluster.HELM));
    if (!KindCluster.CONTEXT.isEmpty()) {
      command.addAll(List.of("--kube-context", KindCluster.CONTEXT));
    }
    command.addAll(List.of(arguments));
    return Commands.output(command, KindCluster.REPOSITORY, Map.of(), Duration.ofMinutes(5));
  }
}
