package io.taskoverflow.operator.rds;

import static io.taskoverflow.operator.testsupport.RdsFixtures.awaitConnection;
import static io.taskoverflow.operator.testsupport.RdsPostgres.value;
import static io.taskoverflow.operator.testsupport.TaskOverflows.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.database.ConnectionSecretDependent;
import io.taskoverflow.operator.kube.OwnedSecrets;
import io.taskoverflow.operator.support.Passwords;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import io.taskoverflow.operator.testsupport.RdsFixtures;
import io.taskoverflow.operator.testsupport.RdsPostgres;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Secrets;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The app's own role on RDS, with the operator's production master logins: moto plays AWS, and each
 * test's real PostgreSQL plays the instance's server (TLS with a certificate for the name the
 * logins dial, from a CA the operator is given as its RDS CA bundle), its master user made with the
 * password of {@code <name>-db-master} as RDS would.
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class RdsAppRoleIT {

  private static final String RDS_SPEC = "database: {mode: RDS, rds: {}}\n";

  @TempDir Path files;

  @Test
  void aCreatedInstanceGetsTheAppRoleAndTheAppLogsInAsItOverVerifiedTls(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-role");
    try (RdsPostgres postgres = RdsPostgres.start(files);
        RunningOperator operator = operator(client, moto, ns, network, postgres)) {
      TaskOverflows.create(client, ns, "shop", RDS_SPEC);
      Map<String, String> master = postgres.createMasterOf(client, ns, "shop", "todo");

      Map<String, String> connection = awaitConnection(client, ns, "shop");
      assertThat(connection)
          .containsEntry("host", RdsFixtures.onlyInstance(rds).endpoint().address())
          .containsEntry("username", "todo_app")
          .containsEntry("ca.crt", postgres.caPem());
      assertThat(connection.get("password")).isNotEqualTo(master.get("password"));
      assertThat(connection.get("uri"))
          .endsWith("/todo?sslmode=verify-full&sslrootcert=/etc/taskoverflow/database/ca.crt");
      try (Connection admin = postgres.superuser("postgres")) {
        assertThat(
                value(
                    admin,
                    "SELECT concat_ws(',', rolcanlogin, rolsuper, rolcreaterole, rolcreatedb)"
                        + " FROM pg_roles WHERE rolname = 'todo_app'"))
            .as("a login, no superuser, no CREATEROLE, no CREATEDB")
            .isEqualTo("t,f,f,f");
        assertThat(
                value(
                    admin,
                    "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'todo'"))
            .isEqualTo("todo_app");
      }
      Path ca = Files.writeString(files.resolve("ca.crt"), connection.get("ca.crt"));
      try (Connection app = postgres.connect("todo_app", connection.get("password"), "todo", ca)) {
        assertThat(value(app, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
            .isEqualTo("true");
      }

      Eventually.await(
          "the app",
          Duration.ofSeconds(60),
          () -> client.apps().deployments().inNamespace(ns).withName("shop").get() != null);
      Deployment deployment = client.apps().deployments().inNamespace(ns).withName("shop").get();
      assertThat(secretsReadBy(deployment.getSpec().getTemplate().getSpec()))
          .as("the todo pods read the connection Secret only, never the master's")
          .containsOnly("shop-db");
      Simulated.deploymentReady(client, ns, "shop");
      TaskOverflow ready = TaskOverflows.awaitPhase(client, ns, "shop", Phase.Ready);
      assertThat(condition(ready, "DatabaseReady").getStatus()).isEqualTo("True");
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void aServerWithACertificateFromAnotherCaGetsNoLoginAndNoApp(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-impostor");
    try (RdsPostgres postgres = RdsPostgres.startWithAnUntrustedCertificate(files);
        RunningOperator operator = operator(client, moto, ns, network, postgres)) {
      TaskOverflows.create(client, ns, "shop", RDS_SPEC);
      Map<String, String> master = postgres.createMasterOf(client, ns, "shop", "todo");

      TaskOverflow refused =
          TaskOverflows.awaitReason(
              client, ns, "shop", "DatabaseReady", "ServerCertificateNotVerified");
      assertThat(condition(refused, "DatabaseReady").getMessage())
          .contains("certificate of RDS instance")
          .contains("could not be verified")
          .doesNotContain(master.get("password"));
      assertThat(refused.getStatus().phase()).isEqualTo(Phase.Failed);
      assertThat(client.apps().deployments().inNamespace(ns).withName("shop").get())
          .as("no app")
          .isNull();
      Secret connection = client.secrets().inNamespace(ns).withName("shop-db").get();
      assertThat(
              connection == null || connection.getData() == null ? Map.of() : connection.getData())
          .as("no credentials offered")
          .doesNotContainKey("password");
      try (Connection admin = postgres.superuser("postgres")) {
        assertThat(value(admin, "SELECT count(*) FROM pg_roles WHERE rolname = 'todo_app'"))
            .isEqualTo("0");
      }
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void anExistingDeploymentMovesFromTheMasterUserToTheAppRole(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-upgrade");
    String masterPassword = Passwords.generate();
    try (RdsPostgres postgres = RdsPostgres.start(files)) {
      // What the operator of before made: the app logged in as the master user, whose tables these
      // are, and its connection Secret said so.
      postgres.createMaster("taskoverflow", masterPassword, "todo");
      Path ca = Files.writeString(files.resolve("ca.crt"), postgres.caPem());
      try (Connection old = postgres.connect("taskoverflow", masterPassword, "todo", ca);
          Statement statement = old.createStatement()) {
        statement.execute(
            "CREATE TABLE todos (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                + " title varchar(80) NOT NULL)");
        statement.execute("INSERT INTO todos (title) VALUES ('written before the upgrade')");
        statement.execute("CREATE VIEW titles AS SELECT title FROM todos");
      }
      RunningOperator.installCrd(client);
      TaskOverflow resource = TaskOverflows.create(client, ns, "shop", RDS_SPEC);
      Map<String, String> credentials =
          Map.of("username", "taskoverflow", "password", masterPassword);
      owned(client, resource, "shop-db-master", RdsMasterSecretDependent.COMPONENT, credentials);
      Map<String, String> old = new HashMap<>(credentials);
      old.put("host", "shop.rds.test");
      old.put("port", "5432");
      old.put("dbname", "todo");
      old.put("uri", "postgresql://taskoverflow:" + masterPassword + "@shop.rds.test:5432/todo");
      owned(client, resource, "shop-db", connectionComponent(), old);

      try (RunningOperator operator = operator(client, moto, ns, network, postgres)) {
        Eventually.await(
            "the connection Secret holds the app's role",
            Duration.ofSeconds(60),
            () -> "todo_app".equals(awaitConnection(client, ns, "shop").get("username")));
        Secret moved = client.secrets().inNamespace(ns).withName("shop-db").get();
        Map<String, String> connection = Secrets.decoded(moved);
        assertThat(connection.get("password")).isNotEqualTo(masterPassword);
        assertThat(connection).containsEntry("ca.crt", postgres.caPem());

        Thread.sleep(5_000); // a few more reconciles: the Secret changed once
        assertThat(
                client
                    .secrets()
                    .inNamespace(ns)
                    .withName("shop-db")
                    .get()
                    .getMetadata()
                    .getResourceVersion())
            .isEqualTo(moved.getMetadata().getResourceVersion());
        try (Connection admin = postgres.superuser("todo")) {
          assertThat(
                  value(
                      admin,
                      "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class c"
                          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                          + " WHERE n.nspname = 'public'"))
              .as("the table, its sequence and index, the view")
              .isEqualTo("todo_app");
        }
        try (Connection app = postgres.connect("todo_app", connection.get("password"), "todo", ca);
            Connection stillOld = postgres.connect("taskoverflow", masterPassword, "todo", ca)) {
          assertThat(value(app, "SELECT title FROM titles"))
              .isEqualTo("written before the upgrade");
          assertThat(value(stillOld, "SELECT count(*) FROM todos"))
              .as("pods not rolled yet keep working: the master password did not change")
              .isEqualTo("1");
        }
        TaskOverflows.deleteAll(client, ns);
      }
    }
  }

  private static RunningOperator operator(
      KubernetesClient client,
      MotoServer moto,
      String ns,
      MotoNetwork network,
      RdsPostgres postgres)
      throws Exception {
    Map<String, String> env = new HashMap<>(RdsFixtures.env(ns, network));
    env.putAll(postgres.env());
    return RunningOperator.withRds(
        client, moto, new RdsCalls(), env, postgres.login(), postgres.roles());
  }

  /** A Secret as the operator makes it for {@code resource}, written before the operator runs. */
  private static void owned(
      KubernetesClient client,
      TaskOverflow resource,
      String name,
      String component,
      Map<String, String> data) {
    Secret secret = OwnedSecrets.opaque(resource, name, component, data);
    secret
        .getMetadata()
        .getOwnerReferences()
        .add(
            new OwnerReferenceBuilder()
                .withApiVersion(resource.getApiVersion())
                .withKind(resource.getKind())
                .withName(resource.getMetadata().getName())
                .withUid(resource.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build());
    client.resource(secret).create();
  }

  private static String connectionComponent() {
    String selector = ConnectionSecretDependent.SELECTOR;
    return selector.substring(selector.lastIndexOf('=') + 1);
  }

  /** Every Secret a pod reads: in its environment and its volumes. */
  private static Stream<String> secretsReadBy(PodSpec pod) {
    Stream<String> env =
        pod.getContainers().stream()
            .flatMap(container -> container.getEnv().stream())
            .filter(
                var -> var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null)
            .map(var -> var.getValueFrom().getSecretKeyRef().getName());
    Stream<String> envFrom =
        pod.getContainers().stream()
            .flatMap(container -> container.getEnvFrom().stream())
            .filter(source -> source.getSecretRef() != null)
            .map(source -> source.getSecretRef().getName());
    Stream<String> volumes =
        pod.getVolumes().stream()
            .map(Volume::getSecret)
            .filter(Objects::nonNull)
            .map(secret -> secret.getSecretName());
    return Stream.of(env, envFrom, volumes).flatMap(s -> s).distinct();
  }
}
