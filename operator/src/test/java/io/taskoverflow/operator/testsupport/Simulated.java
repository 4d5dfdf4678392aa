package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What a kubelet and the workload controllers would report, written into status subresources: no
 * pods run against a bare API server.
 */
public final class Simulated {

  private Simulated() {}

  public static void postgresReady(KubernetesClient client, String namespace, String name) {
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            sts -> {
              sts.setStatus(
                  new StatefulSetStatusBuilder()
                      .withObservedGeneration(sts.getMetadata().getGeneration())
                      .withReplicas(1)
                      .withReadyReplicas(1)
                      .withCurrentReplicas(1)
                      .withUpdatedReplicas(1)
                      .withAvailableReplicas(1)
                      .build());
              return sts;
            });
  }

  public static void deploymentReady(KubernetesClient client, String namespace, String name) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            deployment -> {
              int replicas = deployment.getSpec().getReplicas();
              deployment.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(deployment.getMetadata().getGeneration())
                      .withReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .withUpdatedReplicas(replicas)
                      .withAvailableReplicas(replicas)
                      .build());
              return deployment;
            });
  }
}
