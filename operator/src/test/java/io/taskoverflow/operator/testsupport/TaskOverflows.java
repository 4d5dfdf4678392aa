package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import java.time.Duration;
import java.util.Optional;

/** Creating TaskOverflows from YAML, as users do, and waiting on their status. */
public final class TaskOverflows {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private TaskOverflows() {}

  /** Creates a TaskOverflow from the YAML of its spec (indented under {@code spec:}). */
  public static TaskOverflow create(
      KubernetesClient client, String namespace, String name, String specYaml) {
    return client.resource(parse(namespace, name, specYaml)).create();
  }

  /**
   * A TaskOverflow with an in-cluster database as the API server stores the spec {@code {}}: with
   * the CRD's defaults, which a dependent's {@code desired()} reads.
   */
  public static TaskOverflow withDefaults(String namespace, String name) {
    return parse(
        namespace,
        name,
        """
        replicas: 2
        database:
          mode: InCluster
          name: todo
          inCluster: {storage: 1Gi}
        """);
  }

  public static TaskOverflow parse(String namespace, String name, String specYaml) {
    String yaml =
        "apiVersion: taskoverflow.io/v1alpha1\n"
            + "kind: TaskOverflow\n"
            + "metadata:\n"
            + "  name: "
            + name
            + "\n"
            + "  namespace: "
            + namespace
            + "\n"
            + "spec:\n"
            + specYaml.indent(2);
    return YAML.unmarshal(yaml, TaskOverflow.class);
  }

  public static Resource<TaskOverflow> of(KubernetesClient client, String namespace, String name) {
    return client.resources(TaskOverflow.class).inNamespace(namespace).withName(name);
  }

  /**
   * Replaces the spec only, keeping metadata such as finalizers and a deletion timestamp; again on
   * a conflict with the operator's status write.
   */
  public static TaskOverflow replaceSpec(
      KubernetesClient client, String namespace, String name, String specYaml) {
    for (int attempt = 1; ; attempt++) {
      try {
        return of(client, namespace, name)
            .edit(
                current -> {
                  current.setSpec(parse(namespace, name, specYaml).getSpec());
                  return current;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /**
   * Deletes every TaskOverflow of the namespace and waits until they are gone: RDS resources hold a
   * finalizer until their instance is, and must not outlive the operator of their test.
   */
  public static void deleteAll(KubernetesClient client, String namespace) {
    client.resources(TaskOverflow.class).inNamespace(namespace).delete();
    Eventually.await(
        "every TaskOverflow in " + namespace + " is gone",
        Duration.ofSeconds(60),
        () ->
            client
                .resources(TaskOverflow.class)
                .inNamespace(namespace)
                .list()
                .getItems()
                .isEmpty());
  }

  /** The status condition of that type; fails when there is none. */
  public static Condition condition(TaskOverflow resource, String type) {
    return findCondition(resource, type).orElseThrow();
  }

  /** The status condition of that type, if the resource exists and its status has one. */
  public static Optional<Condition> findCondition(TaskOverflow resource, String type) {
    if (resource == null
        || resource.getStatus() == null
        || resource.getStatus().conditions() == null) {
      return Optional.empty();
    }
    return resource.getStatus().conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  public static TaskOverflow awaitPhase(
      KubernetesClient client, String namespace, String name, Phase phase) {
    Eventually.await(
        name + " reaches phase " + phase,
        Duration.ofSeconds(60),
        () -> {
          TaskOverflow current = of(client, namespace, name).get();
          return current.getStatus() != null && current.getStatus().phase() == phase;
        });
    return of(client, namespace, name).get();
  }

  /** The resource once its condition {@code type} has {@code reason}; fails after 60 s. */
  public static TaskOverflow awaitReason(
      KubernetesClient client, String namespace, String name, String type, String reason) {
    Eventually.await(
        name + ": " + type + " says " + reason,
        Duration.ofSeconds(60),
        () -> {
          TaskOverflow current = of(client, namespace, name).get();
          return current.getStatus() != null
              && current.getStatus().conditions().stream()
                  .anyMatch(c -> type.equals(c.getType()) && reason.equals(c.getReason()));
        });
    return of(client, namespace, name).get();
  }
}
