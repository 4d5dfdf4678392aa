package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static io.taskoverflow.operator.testsupport.Secrets.decoded;
import static io.taskoverflow.operator.testsupport.TaskOverflows.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.OperatorExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A TaskOverflow on an existing database whose URI the user keeps in a Secret. */
@ExtendWith({KubeApiServerExtension.class, OperatorExtension.class})
class ExternalTaskOverflowIT {

  private static final String SPEC =
      "database:\n  mode: External\n  external:\n    secretRef: {name: shared-db}\n";

  @Test
  void missingSecretFailsClearlyAndTheSecretArrivingLaterFixesIt(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "external");
    TaskOverflows.create(client, ns, "ext", SPEC);

    TaskOverflow failed = TaskOverflows.awaitPhase(client, ns, "ext", Phase.Failed);
    assertThat(condition(failed, "DatabaseReady").getReason()).isEqualTo("SecretNotFound");
    assertThat(condition(failed, "DatabaseReady").getMessage()).contains("shared-db");
    assertThat(client.apps().deployments().inNamespace(ns).withName("ext").get()).isNull();

    userSecret(client, ns, "postgresql://app:s%40cret@db.example.com:6543/todo?sslmode=require");

    Deployment app = await(client, ns, Deployment.class, "ext");
    Map<String, String> connection =
        decoded(client.secrets().inNamespace(ns).withName("ext-db").get());
    assertThat(connection)
        .containsEntry("host", "db.example.com")
        .containsEntry("port", "6543")
        .containsEntry("dbname", "todo")
        .containsEntry("username", "app")
        .containsEntry("password", "s@cret")
        .containsEntry("uri", "postgresql://app:s%40cret@db.example.com:6543/todo?sslmode=require")
        .containsEntry("jdbc-url", "jdbc:postgresql://db.example.com:6543/todo?sslmode=require");
    assertThat(client.apps().statefulSets().inNamespace(ns).list().getItems())
        .as("no in-cluster database in External mode")
        .isEmpty();
    assertThat(app.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .as("a database that is already there: a pod that cannot reach it says so within a minute")
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("DB_WAIT_SECONDS");
              assertThat(env.getValue()).isEqualTo("60");
            });

    Simulated.deploymentReady(client, ns, "ext");
    TaskOverflow ready = TaskOverflows.awaitPhase(client, ns, "ext", Phase.Ready);
    assertThat(ready.getStatus().database().endpoint()).isEqualTo("db.example.com");
    assertThat(ready.getStatus().database().port()).isEqualTo(6543);
    assertThat(app.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(RunningOperator.TODO_IMAGE);
  }

  @Test
  void malformedUriIsReportedWithoutRevealingIt(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "malformed");
    userSecret(client, ns, "mysql://root:topsecret@db/todo");
    TaskOverflows.create(client, ns, "ext", SPEC);

    TaskOverflow failed = TaskOverflows.awaitPhase(client, ns, "ext", Phase.Failed);
    assertThat(condition(failed, "DatabaseReady").getReason()).isEqualTo("InvalidDatabaseUri");
    assertThat(condition(failed, "DatabaseReady").getMessage())
        .contains("postgresql://")
        .doesNotContain("topsecret");
  }

  @Test
  void changedCredentialsRollTheDeployment(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "rotate");
    userSecret(client, ns, "postgresql://app:first@db.example.com/todo");
    TaskOverflows.create(client, ns, "ext", SPEC);
    String before = connectionHash(await(client, ns, Deployment.class, "ext"));

    userSecret(client, ns, "postgresql://app:second@db.example.com/todo");

    Eventually.await(
        "the pod template hash changes",
        Duration.ofSeconds(60),
        () ->
            !before.equals(
                connectionHash(client.apps().deployments().inNamespace(ns).withName("ext").get())));
    assertThat(decoded(client.secrets().inNamespace(ns).withName("ext-db").get()))
        .containsEntry("password", "second");
  }

  @Test
  void ingressIsCreatedOnRequestAndItsHostBecomesTheUrl(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "ingress");
    userSecret(client, ns, "postgresql://app:pw@db.example.com/todo");
    TaskOverflows.create(
        client,
        ns,
        "web",
        SPEC + "ingress: {host: todo.example.com, className: nginx, tlsSecretName: todo-tls}\n");

    Ingress ingress = await(client, ns, Ingress.class, "web");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("todo.example.com");
    assertThat(
            ingress
                .getSpec()
                .getRules()
                .get(0)
                .getHttp()
                .getPaths()
                .get(0)
                .getBackend()
                .getService()
                .getName())
        .isEqualTo("web");
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("todo-tls");

    Simulated.deploymentReady(client, ns, "web");
    TaskOverflow ready = TaskOverflows.awaitPhase(client, ns, "web", Phase.Ready);
    assertThat(ready.getStatus().app().url()).isEqualTo("https://todo.example.com/");

    TaskOverflows.of(client, ns, "web").edit(tof -> TaskOverflows.parse(ns, "web", SPEC));
    Eventually.await(
        "the Ingress is removed when the spec drops it",
        Duration.ofSeconds(60),
        () -> client.network().v1().ingresses().inNamespace(ns).withName("web").get() == null);
  }

  private static String connectionHash(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("taskoverflow.io/connection-hash");
  }

  private static void userSecret(KubernetesClient client, String ns, String uri) {
    UserSecrets.databaseUri(client, ns, "shared-db", uri);
  }
}
