package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KstatusCheck;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's steps: the example applied in a restricted namespace, then the todo API through its
 * Service; kstatus (what Flux and kpt read) says InProgress while it is created, Current once
 * Ready, and InProgress again after a spec change until the change is served.
 */
@ExtendWith(KindCluster.class)
class TodoApiE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void theExampleBecomesReadyAndItsServiceServesTheTodoApi(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-api");
    long applied = System.nanoTime();
    String name = Workloads.applyExample(client, namespace);
    Eventually.await(
        name + " has a status",
        Duration.ofSeconds(30),
        () -> TaskOverflows.of(client, namespace, name).get().getStatus() != null);
    assertThat(KstatusCheck.of(TaskOverflows.of(client, namespace, name).get()).status())
        .as("kstatus while %s is being created", name)
        .isEqualTo("InProgress");
    Workloads.awaitReady(client, namespace, name);
    KindCluster.note("time apply to Ready: %s s", KindCluster.secondsSince(applied));
    KstatusCheck.assertMessagesAreForUsers(
        KstatusCheck.await(client, namespace, name, "Current", Duration.ofSeconds(10)));
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
    aSpecChangeReadsInProgressUntilItIsServed(client, namespace, name);
  }

  /** One replica more: kstatus reads InProgress until the new generation is served. */
  private static void aSpecChangeReadsInProgressUntilItIsServed(
      KubernetesClient client, String namespace, String name) {
    int replicas = TaskOverflows.of(client, namespace, name).get().getSpec().replicas() + 1;
    TaskOverflow changed =
        TaskOverflows.of(client, namespace, name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"replicas\":" + replicas + "}}");
    assertThat(KstatusCheck.of(changed).status())
        .as(
            "kstatus right after the change to generation %d",
            changed.getMetadata().getGeneration())
        .isEqualTo("InProgress");

    TaskOverflow served =
        KstatusCheck.await(client, namespace, name, "Current", Duration.ofMinutes(2));
    assertThat(served.getStatus().observedGeneration())
        .isEqualTo(changed.getMetadata().getGeneration());
    assertThat(served.getStatus().app().readyReplicas())
        .as("Current only once the new replica serves")
        .isEqualTo(replicas);
  }
}
