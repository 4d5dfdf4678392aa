package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's steps: the example applied in a restricted namespace, then the todo API through its
 * Service.
 */
@ExtendWith(KindCluster.class)
class TodoApiE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void theExampleBecomesReadyAndItsServiceServesTheTodoApi(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-api");
    long applied = System.nanoTime();
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    KindCluster.note("time apply to Ready: %s s", KindCluster.secondsSince(applied));
    try (TodoService service = TodoService.open(client, namespace, name)) {
      TodoService.Answer list = service.get("/api/v1/todos");
      assertThat(list.status())
          .as("taskoverflow/%s is Ready and its Service lists the todos: %s", name, list)
          .isEqualTo(200);
      KindCluster.note(
          "time apply to first GET /api/v1/todos 200: %s s", KindCluster.secondsSince(applied));

      KeptTodos todos = KeptTodos.create(service);
      todos.assertNothingLost(service, "before any restart");
    }
  }
}
