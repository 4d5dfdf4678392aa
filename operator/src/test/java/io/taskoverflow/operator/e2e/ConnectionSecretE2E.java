package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connection Secret deleted by mistake is written anew, PostgreSQL and the app roll to it, and
 * the service finds its todos with it.
 */
@ExtendWith(KindCluster.class)
class ConnectionSecretE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void aDeletedConnectionSecretIsWrittenAnewAndTheServiceFindsItsTodos(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-secret");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    KeptTodos todos;
    try (TodoService service = TodoService.open(client, namespace, name)) {
      todos = KeptTodos.create(service);
    }

    Secret secret = client.secrets().inNamespace(namespace).withName(name + "-db").get();
    String postgresHash = connectionHash(client, namespace, name + "-postgres");
    client.resource(secret).delete();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (Objects.equals(connectionHash(client, namespace, name + "-postgres"), postgresHash)
        && System.nanoTime() < deadline) {
      TodoService.sleep(Duration.ofSeconds(1));
    }
    Secret anew = client.secrets().inNamespace(namespace).withName(name + "-db").get();
    assertThat(anew).as("the operator did not write the connection Secret anew").isNotNull();
    assertThat(anew.getMetadata().getUid())
        .as("the operator did not write the connection Secret anew")
        .isNotEqualTo(secret.getMetadata().getUid());
    assertThat(connectionHash(client, namespace, name + "-postgres"))
        .as("PostgreSQL was not restarted with the new connection Secret")
        .isNotEqualTo(postgresHash);

    Workloads.awaitStatefulSetRollout(client, namespace, name + "-postgres", Duration.ofMinutes(5));
    Workloads.awaitRollout(client, namespace, name, Duration.ofMinutes(5));
    Workloads.awaitReady(client, namespace, name);
    try (TodoService service = TodoService.open(client, namespace, name)) {
      todos.assertNothingLost(service, "after the connection Secret was deleted and written anew");
    }
  }

  /** The hash of the Secrets PostgreSQL reads, in the StatefulSet's pod template. */
  private static String connectionHash(KubernetesClient client, String namespace, String name) {
    StatefulSet statefulSet =
        client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    return statefulSet
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("taskoverflow.io/secrets-hash");
  }
}
