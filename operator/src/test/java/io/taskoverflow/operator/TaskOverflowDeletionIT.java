package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.KubeControllerManagerExtension;
import io.taskoverflow.operator.testsupport.OperatorExtension;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deleting a TaskOverflow leaves nothing behind but what the user keeps: its objects carry owner
 * references, and the real garbage collector of kube-controller-manager removes them and what they
 * own in turn. The in-cluster data volume stays unless the user asked otherwise.
 */
@ExtendWith({
  KubeApiServerExtension.class,
  KubeControllerManagerExtension.class,
  OperatorExtension.class
})
class TaskOverflowDeletionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String VOLUME = "data-kept-postgres-0";
  private static final List<Class<? extends HasMetadata>> OWNED_KINDS =
      List.of(
          Deployment.class,
          ReplicaSet.class,
          StatefulSet.class,
          Pod.class,
          PersistentVolumeClaim.class,
          Service.class,
          Ingress.class);

  @Test
  void anInClusterVolumeIsKeptByDefaultAndFoundAgainByAResourceOfTheSameName(
      KubernetesClient client) {
    String ns = TestNamespaces.create(client, "keep-db");
    TaskOverflows.create(client, ns, "kept", "{}");
    await(client, ns, StatefulSet.class, "kept-postgres");
    // The StatefulSet controller creates the pod and its volume claim (nothing schedules the pod).
    PersistentVolumeClaim volume = await(client, ns, PersistentVolumeClaim.class, VOLUME);

    TaskOverflows.of(client, ns, "kept").delete();

    for (Class<? extends HasMetadata> kind : List.of(StatefulSet.class, Pod.class, Secret.class)) {
      Eventually.await(
          "no " + kind.getSimpleName() + " left in " + ns,
          TIMEOUT,
          () -> client.resources(kind).inNamespace(ns).list().getItems().isEmpty());
    }
    PersistentVolumeClaim kept =
        client.persistentVolumeClaims().inNamespace(ns).withName(VOLUME).get();
    assertThat(kept).as("the data volume outlives its resource").isNotNull();
    assertThat(kept.getMetadata().getUid()).isEqualTo(volume.getMetadata().getUid());
    assertThat(kept.getMetadata().getOwnerReferences()).isEmpty();

    TaskOverflows.create(client, ns, "kept", "{}");
    Pod postgres = await(client, ns, Pod.class, "kept-postgres-0");
    assertThat(postgres.getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(VOLUME));
    assertThat(client.persistentVolumeClaims().inNamespace(ns).withName(VOLUME).get())
        .extracting(claim -> claim.getMetadata().getUid())
        .as("the new PostgreSQL pod mounts the kept volume, not a new one")
        .isEqualTo(volume.getMetadata().getUid());
  }

  @Test
  void deletionPolicyDeleteTakesTheVolumeWithTheResource(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "delete-db");
    TaskOverflows.create(client, ns, "kept", "{}");
    await(client, ns, PersistentVolumeClaim.class, VOLUME);
    // Asked for after creation: the StatefulSet controller applies it to the existing volume.
    TaskOverflows.replaceSpec(
        client, ns, "kept", "database: {inCluster: {deletionPolicy: Delete}}");
    Eventually.await(
        "the StatefulSet controller makes the volume its own",
        TIMEOUT,
        () ->
            !client
                .persistentVolumeClaims()
                .inNamespace(ns)
                .withName(VOLUME)
                .get()
                .getMetadata()
                .getOwnerReferences()
                .isEmpty());

    TaskOverflows.of(client, ns, "kept").delete();

    awaitNothingLeft(client, ns);
    assertThat(client.secrets().inNamespace(ns).withName("kept-db").get()).isNull();
  }

  @Test
  void deletingAnExternalResourceRemovesTheAppButNotTheUsersSecret(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "delete-app");
    UserSecrets.databaseUri(client, ns, "users-db", "postgresql://u:p@db.example.com/todo");
    TaskOverflows.create(
        client,
        ns,
        "gone",
        "database: {mode: External, external: {secretRef: {name: users-db}}}\n"
            + "ingress: {host: todo.example.com}\n");
    await(client, ns, Deployment.class, "gone");
    await(client, ns, Ingress.class, "gone");
    Eventually.await(
        "the Deployment controller creates a ReplicaSet",
        TIMEOUT,
        () -> !client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty());

    TaskOverflows.of(client, ns, "gone").delete();

    awaitNothingLeft(client, ns);
    assertThat(client.secrets().inNamespace(ns).list().getItems())
        .extracting(Secret::getMetadata)
        .extracting(meta -> meta.getName())
        .containsExactly("users-db");
  }

  private static void awaitNothingLeft(KubernetesClient client, String ns) {
    for (Class<? extends HasMetadata> kind : OWNED_KINDS) {
      Eventually.await(
          "no " + kind.getSimpleName() + " left in " + ns,
          TIMEOUT,
          () -> client.resources(kind).inNamespace(ns).list().getItems().isEmpty());
    }
    Eventually.await(
        "no operator-written Secret left",
        TIMEOUT,
        () ->
            client
                .secrets()
                .inNamespace(ns)
                .withLabel("app.kubernetes.io/managed-by")
                .list()
                .getItems()
                .isEmpty());
  }
}
