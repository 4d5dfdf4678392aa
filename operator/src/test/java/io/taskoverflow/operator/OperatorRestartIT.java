package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static io.taskoverflow.operator.testsupport.Secrets.decoded;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A new operator process picks up where a stopped one left off, creating nothing twice. */
@ExtendWith(KubeApiServerExtension.class)
class OperatorRestartIT {

  @Test
  void restartInTheMiddleOfAReconcileConvergesWithoutDuplicates(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "restart");
    String password;
    try (RunningOperator first = RunningOperator.start(client)) {
      TaskOverflows.create(client, ns, "todo", "{}");
      password = decoded(await(client, ns, Secret.class, "todo-db")).get("password");
    }

    try (RunningOperator second = RunningOperator.start(client)) {
      Simulated.postgresReady(client, ns, "todo-postgres");
      await(client, ns, Deployment.class, "todo");
      Simulated.deploymentReady(client, ns, "todo");
      TaskOverflows.awaitPhase(client, ns, "todo", Phase.Ready);
    }

    assertThat(decoded(client.secrets().inNamespace(ns).withName("todo-db").get()))
        .as("the database password survives the restart")
        .containsEntry("password", password);
    assertThat(client.secrets().inNamespace(ns).list().getItems())
        .extracting(secret -> secret.getMetadata().getName())
        .as("the connection, master and TLS Secrets, once each")
        .containsExactlyInAnyOrder("todo-db", "todo-db-master", "todo-postgres-tls");
    assertThat(client.apps().statefulSets().inNamespace(ns).list().getItems()).hasSize(1);
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
    assertThat(client.services().inNamespace(ns).list().getItems()).hasSize(2);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(event -> "Warning".equals(event.getType()))
        .extracting(event -> event.getReason() + ": " + event.getMessage())
        .as("no warning was recorded on the way")
        .isEmpty();
  }
}
