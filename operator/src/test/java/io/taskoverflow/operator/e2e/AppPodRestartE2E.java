package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No todo is lost (nor comes back) across a restart of the todo-app pods. */
@ExtendWith(KindCluster.class)
class AppPodRestartE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void noTodoIsLostAcrossARestartOfTheTodoPods(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-app-restart");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    KeptTodos todos;
    try (TodoService service = TodoService.open(client, namespace, name)) {
      todos = KeptTodos.create(service);
    }

    List<Pod> pods = Workloads.appPods(client, namespace, name);
    client.resourceList(pods).delete();
    Eventually.await(
        "the deleted todo pods are gone",
        Duration.ofMinutes(2),
        () ->
            pods.stream()
                .allMatch(
                    pod ->
                        client
                                .pods()
                                .inNamespace(namespace)
                                .withName(pod.getMetadata().getName())
                                .get()
                            == null));
    Workloads.awaitRollout(client, namespace, name, Duration.ofMinutes(5));
    Workloads.awaitReady(client, namespace, name);
    try (TodoService service = TodoService.open(client, namespace, name)) {
      todos.assertNothingLost(service, "after the todo-app restart");
    }
  }
}
