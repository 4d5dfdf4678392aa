package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An External TaskOverflow that a user's Secret points at the PostgreSQL of an InCluster one serves
 * the same todos.
 */
@ExtendWith(KindCluster.class)
class ExternalDatabaseE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void anExternalTaskOverflowOnTheFirstOnesPostgresServesItsTodos(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-external");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    KeptTodos todos;
    try (TodoService service = TodoService.open(client, namespace, name)) {
      todos = KeptTodos.create(service);
    }

    Workloads.externalOnTheDatabaseOf(client, namespace, name, "team-db", "shared");
    Workloads.awaitReady(client, namespace, "shared");
    try (TodoService shared = TodoService.open(client, namespace, "shared")) {
      TodoService.Answer kept = shared.get("/api/v1/todos/" + todos.keepId);
      assertThat(kept.status())
          .as("the External TaskOverflow serves the first one's todo: %s", kept)
          .isEqualTo(200);
      assertThat(KeptTodos.json(kept.body()).path("title").asText())
          .as("it answered another todo: %s", kept.body())
          .isEqualTo(todos.marker + " keep");
    }
  }
}
