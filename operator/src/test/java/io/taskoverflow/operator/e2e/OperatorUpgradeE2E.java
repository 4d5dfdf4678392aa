package io.taskoverflow.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.kube.SecretValues;
import io.taskoverflow.operator.testsupport.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upgrade from the operator of the previous release (built by the script from git, with its
 * chart), under which the todo pods logged in as the database's superuser over plaintext, to this
 * one: while todos are written, the in-cluster database gets its own role for the app and TLS, and
 * no write fails or is lost, nor any todo.
 */
@ExtendWith(KindCluster.class)
class OperatorUpgradeE2E {

  /** The previous release's chart and operator image (scripts/kind-e2e.sh builds them). */
  private static final String PREVIOUS_CHART =
      System.getProperty("taskoverflow.e2e.previousChart", "");

  private static final String PREVIOUS_IMAGE =
      System.getProperty("taskoverflow.e2e.previousOperatorImage", "");

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void aDatabaseOfThePreviousReleaseMovesToTheAppsOwnRoleAndTlsWithNoWriteFailedOrLost(
      KubernetesClient client) throws Exception {
    assertThat(PREVIOUS_CHART).as("the script names the previous release's chart").isNotEmpty();
    Path values = Files.createTempFile("taskoverflow-values", ".yaml");
    Files.writeString(
        values,
        OperatorRelease.helmOutput(
            "get",
            "values",
            KindCluster.RELEASE,
            "--namespace",
            KindCluster.OPERATOR_NAMESPACE,
            "-o",
            "yaml"),
        UTF_8);
    String todoImage = OperatorRelease.todoImage(client);
    String postgresImage = OperatorRelease.postgresImage(client);
    String namespace;
    String name;
    TodoService service;
    KeptTodos todos;
    WriteLoad load;
    List<WriteLoad.Write> writes;
    try {
      OperatorRelease.helm(
          "upgrade",
          KindCluster.RELEASE,
          PREVIOUS_CHART,
          "--namespace",
          KindCluster.OPERATOR_NAMESPACE,
          "--reset-values",
          "--set",
          "image.repository=" + repository(PREVIOUS_IMAGE),
          "--set-string",
          "image.tag=" + tag(PREVIOUS_IMAGE),
          "--set",
          "image.pullPolicy=Never",
          "--set",
          "todoApp.image.repository=" + repository(todoImage),
          "--set-string",
          "todoApp.image.tag=" + tag(todoImage),
          "--set",
          "postgres.image.repository=" + repository(postgresImage),
          "--set-string",
          "postgres.image.tag=" + tag(postgresImage));
      awaitOperator(client);

      namespace = namespaces.restricted(client, "e2e-operator-upgrade");
      name = Workloads.applyExample(client, namespace);
      Workloads.awaitReady(client, namespace, name);
      assertThat(connection(client, namespace, name, "username"))
          .as("the previous release's app logs in as the superuser it made")
          .isEqualTo("todo");
      service = TodoService.throughTheService(client, namespace, name);
      todos = KeptTodos.create(service);
      load = new WriteLoad(service, todos.marker + "-w");
    } finally {
      OperatorRelease.upgradeToThisChart("--reset-values", "-f", values.toString());
      awaitOperator(client);
    }
    long started = System.nanoTime();
    try {
      String ns = namespace;
      String tof = name;
      Eventually.await(
          "the app logs in as its own role, its pods and PostgreSQL rolled out and Ready",
          Duration.ofMinutes(5),
          () ->
              "todo_app".equals(connection(client, ns, tof, "username"))
                  && "True".equals(Workloads.conditionStatus(client, ns, tof, "Ready"))
                  && Workloads.appPods(client, ns, tof).stream().allMatch(TodoService::ready));
      Workloads.awaitRollout(client, namespace, name, Duration.ofMinutes(5));
      Workloads.awaitStatefulSetRollout(
          client, namespace, name + "-postgres", Duration.ofMinutes(5));
      KindCluster.note(
          "time to the app's own role and TLS: %s s", KindCluster.secondsSince(started));
      Thread.sleep(5000);
    } finally {
      writes = load.stop();
    }

    TodoService.Answer list = service.get("/api/v1/todos");
    assertThat(list.status()).as("the list after the upgrade: %s", list).isEqualTo(200);
    WriteLoad.Accounting accounting = WriteLoad.Accounting.of(writes, load.stored(list.body()));
    KindCluster.note(
        "writes during the upgrade: %d answered 201 (%d missing), %d failed (%d 5xx JSON)",
        accounting.acknowledged(), accounting.lost(), accounting.failed(), accounting.failedJson());
    assertThat(accounting.acknowledged()).as("writes answered 201").isPositive();
    assertThat(accounting.lost()).as("acknowledged writes missing").isZero();
    assertThat(accounting.failed()).as("writes that failed during the upgrade").isZero();
    todos.assertNothingLost(service, "after the upgrade");
    assertThat(
            Workloads.exec(
                    client,
                    namespace,
                    name + "-postgres-0",
                    "sh",
                    "-c",
                    "psql -h /var/run/postgresql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tA -c"
                        + " \"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                        + " AND tableowner <> 'todo_app'\"")
                .strip())
        .as("the tables the superuser made belong to the app's role")
        .isEqualTo("0");

    // The master Secret lost: the new one names a superuser the old database does not have, which
    // its first superuser makes as PostgreSQL starts; nothing is locked out.
    Secret master = client.secrets().inNamespace(namespace).withName(name + "-db-master").get();
    client.resource(master).delete();
    String ns = namespace;
    String tof = name;
    Eventually.await(
        "a new master Secret, and PostgreSQL restarted with it and Ready",
        Duration.ofMinutes(5),
        () -> {
          Secret now = client.secrets().inNamespace(ns).withName(tof + "-db-master").get();
          return now != null
              && !now.getMetadata().getUid().equals(master.getMetadata().getUid())
              && "True".equals(Workloads.conditionStatus(client, ns, tof, "Ready"));
        });
    Workloads.awaitStatefulSetRollout(client, namespace, name + "-postgres", Duration.ofMinutes(5));
    Workloads.awaitReady(client, namespace, name);
    assertThat(
            Workloads.exec(
                    client,
                    namespace,
                    name + "-postgres-0",
                    "sh",
                    "-c",
                    "psql -h /var/run/postgresql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tA"
                        + " -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user'")
                .strip())
        .as("the new master Secret's user is a superuser of the old database")
        .isEqualTo("t");
    todos.assertNothingLost(service, "after the master Secret was lost");
    service.close();
  }

  private static String connection(
      KubernetesClient client, String namespace, String name, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name + "-db").get();
    return secret == null ? null : SecretValues.decode(secret.getData().get(key));
  }

  private static void awaitOperator(KubernetesClient client) {
    Workloads.awaitRollout(
        client,
        KindCluster.OPERATOR_NAMESPACE,
        OperatorRelease.deployment(client).getMetadata().getName(),
        Duration.ofMinutes(5));
  }

  private static String repository(String image) {
    return image.substring(0, image.lastIndexOf(':'));
  }

  private static String tag(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }
}
