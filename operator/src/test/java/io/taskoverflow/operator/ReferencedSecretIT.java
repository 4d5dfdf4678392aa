package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.OperatorExtension;
import io.taskoverflow.operator.testsupport.Secrets;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The user's Secret is read by name, not watched: pointing a resource at another Secret reads that
 * one, and a Secret deleted later is noticed.
 */
@ExtendWith({KubeApiServerExtension.class, OperatorExtension.class})
class ReferencedSecretIT {

  @Test
  void pointingTheResourceAtAnotherSecretUsesThatSecret(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "switch");
    UserSecrets.databaseUri(client, ns, "first-db", "postgresql://app:pw@first.example.com/todo");
    UserSecrets.databaseUri(client, ns, "second-db", "postgresql://app:pw@second.example.com/todo");
    TaskOverflows.create(client, ns, "ext", spec("first-db"));
    await(client, ns, Deployment.class, "ext");
    assertThat(connectionHost(client, ns)).isEqualTo("first.example.com");

    TaskOverflows.replaceSpec(client, ns, "ext", spec("second-db"));

    Eventually.await(
        "the connection Secret holds the second Secret's host",
        Duration.ofSeconds(60),
        () -> "second.example.com".equals(connectionHost(client, ns)));
  }

  @Test
  void aDeletedSecretIsReported(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "deleted");
    UserSecrets.databaseUri(client, ns, "users-db", "postgresql://app:pw@db.example.com/todo");
    TaskOverflows.create(client, ns, "ext", spec("users-db"));
    await(client, ns, Deployment.class, "ext");

    client.secrets().inNamespace(ns).withName("users-db").delete();

    TaskOverflows.awaitReason(client, ns, "ext", "DatabaseReady", "SecretNotFound");
  }

  private static String spec(String secret) {
    return "database: {mode: External, external: {secretRef: {name: " + secret + "}}}\n";
  }

  private static String connectionHost(KubernetesClient client, String ns) {
    Secret connection = client.secrets().inNamespace(ns).withName("ext-db").get();
    return connection == null || connection.getData() == null
        ? null
        : Secrets.decoded(connection).get("host");
  }
}
