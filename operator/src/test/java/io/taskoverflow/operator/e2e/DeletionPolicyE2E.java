package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deleting a TaskOverflow keeps its data volume (deletionPolicy Retain, the default), where a new
 * one of the same name finds its todos; with deletionPolicy Delete nothing of theirs is left but
 * the user's Secret.
 */
@ExtendWith(KindCluster.class)
class DeletionPolicyE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void retainKeepsTheDataVolumeWhereATaskOverflowOfTheSameNameFindsItsTodos(
      KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-retain");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    KeptTodos todos;
    try (TodoService service = TodoService.open(client, namespace, name)) {
      todos = KeptTodos.create(service);
    }

    deleteAndWait(client, namespace, name);
    String volume = "data-" + name + "-postgres-0";
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(namespace).withName(volume).get();
    assertThat(claim)
        .as("the data volume %s was deleted with its TaskOverflow", volume)
        .isNotNull();
    try {
      Eventually.await(
          "nothing of " + name + " but its volume is left",
          Duration.ofSeconds(120),
          () -> ofInstance(client, namespace, name).isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError(
          "the TaskOverflow's objects outlived it: " + ofInstance(client, namespace, name), e);
    }

    Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace(namespace)
                .withName(volume)
                .get()
                .getMetadata()
                .getUid())
        .as("the new TaskOverflow has a new volume")
        .isEqualTo(claim.getMetadata().getUid());
    try (TodoService service = TodoService.open(client, namespace, name)) {
      todos.assertNothingLost(service, "after deleting and re-creating the TaskOverflow");
    }
  }

  @Test
  void deletePolicyLeavesNothingButTheUsersSecret(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-delete");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    Workloads.externalOnATeamDatabase(client, namespace, "team-db", "shared");
    Workloads.awaitReady(client, namespace, "shared");
    deleteAndWait(client, namespace, "shared");

    String volume = "data-" + name + "-postgres-0";
    TaskOverflows.of(client, namespace, name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"database\":{\"inCluster\":{\"deletionPolicy\":\"Delete\"}}}}");
    Eventually.await(
        "the TaskOverflow owns its volume " + volume,
        Duration.ofSeconds(60),
        () -> {
          PersistentVolumeClaim claim =
              client.persistentVolumeClaims().inNamespace(namespace).withName(volume).get();
          return claim != null && !claim.getMetadata().getOwnerReferences().isEmpty();
        });
    deleteAndWait(client, namespace, name);
    try {
      Eventually.await(
          "nothing is left",
          Duration.ofSeconds(120),
          () -> leftover(client, namespace, name).isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError(
          "left behind after the deletion: " + leftover(client, namespace, name), e);
    }
    assertThat(client.secrets().inNamespace(namespace).withName("team-db").get())
        .as("the user's Secret team-db was deleted")
        .isNotNull();
  }

  private static void deleteAndWait(KubernetesClient client, String namespace, String name) {
    TaskOverflows.of(client, namespace, name).delete();
    Eventually.await(
        "taskoverflow/" + name + " is deleted",
        Duration.ofMinutes(2),
        () -> TaskOverflows.of(client, namespace, name).get() == null);
  }

  /** The StatefulSets, pods and Secrets of the TaskOverflow {@code name}. */
  private static List<String> ofInstance(KubernetesClient client, String namespace, String name) {
    String label = "app.kubernetes.io/instance";
    return names(
        Stream.of(
                client
                    .apps()
                    .statefulSets()
                    .inNamespace(namespace)
                    .withLabel(label, name)
                    .list()
                    .getItems(),
                client.pods().inNamespace(namespace).withLabel(label, name).list().getItems(),
                client.secrets().inNamespace(namespace).withLabel(label, name).list().getItems())
            .flatMap(List::stream));
  }

  /**
   * Whatever of the TaskOverflows is left: objects with their label, Secrets and claims named after
   * them, volumes claimed from the namespace.
   */
  private static List<String> leftover(KubernetesClient client, String namespace, String name) {
    String label = "app.kubernetes.io/name";
    String value = "taskoverflow";
    List<HasMetadata> left = new ArrayList<>();
    left.addAll(
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(label, value)
            .list()
            .getItems());
    left.addAll(
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withLabel(label, value)
            .list()
            .getItems());
    left.addAll(client.services().inNamespace(namespace).withLabel(label, value).list().getItems());
    left.addAll(client.secrets().inNamespace(namespace).withLabel(label, value).list().getItems());
    left.addAll(
        client.configMaps().inNamespace(namespace).withLabel(label, value).list().getItems());
    left.addAll(
        client
            .persistentVolumeClaims()
            .inNamespace(namespace)
            .withLabel(label, value)
            .list()
            .getItems());
    left.addAll(client.pods().inNamespace(namespace).withLabel(label, value).list().getItems());
    left.addAll(
        client
            .network()
            .v1()
            .ingresses()
            .inNamespace(namespace)
            .withLabel(label, value)
            .list()
            .getItems());
    left.addAll(
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(namespace)
            .withLabel(label, value)
            .list()
            .getItems());
    Pattern theirs = Pattern.compile(".*(" + Pattern.quote(name) + "|shared)-.*");
    Stream.concat(
            client.secrets().inNamespace(namespace).list().getItems().stream(),
            client.persistentVolumeClaims().inNamespace(namespace).list().getItems().stream())
        .filter(o -> theirs.matcher(o.getMetadata().getName()).matches())
        .forEach(left::add);
    client.persistentVolumes().list().getItems().stream()
        .filter(
            pv ->
                pv.getSpec().getClaimRef() != null
                    && namespace.equals(pv.getSpec().getClaimRef().getNamespace()))
        .forEach(left::add);
    return names(left.stream());
  }

  private static List<String> names(Stream<? extends HasMetadata> objects) {
    return objects.map(o -> o.getKind() + "/" + o.getMetadata().getName()).distinct().toList();
  }
}
