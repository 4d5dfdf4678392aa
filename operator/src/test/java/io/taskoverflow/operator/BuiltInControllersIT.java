package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.KubeControllerManagerExtension;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator relies on what kube-controller-manager does with the objects it creates: garbage
 * collection through owner references, Deployments rolled out as ReplicaSets. A real one runs
 * beside the API server here.
 */
@ExtendWith({KubeApiServerExtension.class, KubeControllerManagerExtension.class})
class BuiltInControllersIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void deletingTheOwnerGarbageCollectsItsDependentConfigMap(KubernetesClient client) {
    String namespace = TestNamespaces.create(client, "gc");
    ConfigMap owner =
        client.configMaps().inNamespace(namespace).resource(configMap("owner")).create();
    ConfigMap dependent = configMap("dependent");
    dependent.getMetadata().setOwnerReferences(List.of(ownerReference(owner)));
    client.configMaps().inNamespace(namespace).resource(dependent).create();

    client.configMaps().inNamespace(namespace).withName("owner").delete();

    Eventually.await(
        "the dependent ConfigMap is garbage collected",
        TIMEOUT,
        () -> client.configMaps().inNamespace(namespace).withName("dependent").get() == null);
  }

  @Test
  void deploymentIsRolledOutAsAReplicaSetItOwns(KubernetesClient client) {
    String namespace = TestNamespaces.create(client, "deploy");
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).resource(deployment("web")).create();

    Eventually.await(
        "a ReplicaSet owned by the Deployment exists",
        TIMEOUT,
        () -> !ownedReplicaSets(client, namespace, deployment).isEmpty());
    assertThat(ownedReplicaSets(client, namespace, deployment))
        .singleElement()
        .satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(2));
  }

  private static List<ReplicaSet> ownedReplicaSets(
      KubernetesClient client, String namespace, Deployment owner) {
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences().stream()
                    .anyMatch(ref -> ref.getUid().equals(owner.getMetadata().getUid())))
        .toList();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private static OwnerReference ownerReference(ConfigMap owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion("v1")
        .withKind("ConfigMap")
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .build();
  }

  /** No node runs its pods; the test needs only the controllers' bookkeeping. */
  private static Deployment deployment(String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("registry.invalid/" + name + ":1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
