package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HostAliasBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.tls.CertificateAuthority;
import io.taskoverflow.operator.tls.ServiceDnsNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The in-cluster PostgreSQL as its todo pods see it: they log in as a role of their own that is no
 * superuser, over TLS only, and a server whose certificate the operator's CA did not issue is
 * refused even under the database's own name.
 */
@ExtendWith(KindCluster.class)
class InClusterDatabaseE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  private static KubernetesClient client;
  private static String namespace;
  private static String name;

  @BeforeAll
  static void demo(KubernetesClient kubernetes) {
    client = kubernetes;
    namespace = namespaces.restricted(client, "e2e-db-security");
    name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
  }

  @AfterAll
  static void forget() {
    client = null;
  }

  @Test
  void theTodoPodsLogInAsARoleThatOwnsOnlyTheirDatabase() {
    String row =
        psql(
            "-h /var/run/postgresql -U \"$APP_USER\" -d \"$POSTGRES_DB\" -tA -c \"SELECT"
                + " current_user, rolsuper, rolcreaterole, rolcreatedb,"
                + " pg_get_userbyid(d.datdba),"
                + " (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                + " AND tableowner <> current_user)"
                + " FROM pg_roles r, pg_database d"
                + " WHERE r.rolname = current_user AND d.datname = current_database()\"");
    assertThat(row.strip())
        .as("user, superuser, createrole, createdb, database owner, tables owned by others")
        .isEqualTo("todo_app|f|f|f|todo_app|0");

    Deployment app = client.apps().deployments().inNamespace(namespace).withName(name).get();
    assertThat(client.getKubernetesSerialization().asJson(app.getSpec().getTemplate()))
        .as("no todo pod reads the master Secret")
        .doesNotContain(name + "-db-master");
  }

  @Test
  void plaintextIsRefusedAndTlsIsVerifiedUnderTheServicesName() {
    assertThatThrownBy(
            () ->
                psql(
                    "\"host=127.0.0.1 dbname=$POSTGRES_DB user=$APP_USER sslmode=disable\""
                        + " -tA -c 'SELECT 1'"))
        .as("pg_hba admits TCP over TLS only")
        .hasMessageContaining("no encryption");
    String host = ServiceDnsNames.of(name + "-postgres", namespace).get(0);
    assertThat(
            psql("\"host="
                    + host
                    + " hostaddr=127.0.0.1 dbname=$POSTGRES_DB user=$APP_USER sslmode=verify-full"
                    + " sslrootcert=/etc/postgresql/tls/ca.crt\" -tA -c 'SELECT ssl FROM"
                    + " pg_stat_ssl WHERE pid = pg_backend_pid()'")
                .strip())
        .as(
            "the certificate verifies against the operator's CA under the Service's name (the"
                + " pod itself looks up no name: its policy lets nothing out, DNS included)")
        .isEqualTo("t");
  }

  @Test
  void aServerUnderTheDatabasesNameWithACertificateOfAnotherCaIsRefused() {
    CertificateAuthority impostors = CertificateAuthority.generate("impostor-ca", Instant.now());
    String host = name + "-postgres." + namespace + ".svc";
    TeamPostgres impostor =
        TeamPostgres.start(
            client,
            namespace,
            "impostor",
            impostors,
            ServiceDnsNames.of(name + "-postgres", namespace));

    // A todo pod as the operator makes it, but whose name lookup of its database answers with
    // the impostor's address (as a spoofed DNS would), outside the Deployment and its policies.
    Deployment app = client.apps().deployments().inNamespace(namespace).withName(name).get();
    PodSpec spec = app.getSpec().getTemplate().getSpec();
    spec.setHostAliases(
        java.util.List.of(
            new HostAliasBuilder().withIp(impostor.podIp(client)).withHostnames(host).build()));
    spec.setRestartPolicy("Never");
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("spoofed-todo")
                .withNamespace(namespace)
                .withLabels(Map.of("app", "spoofed-todo"))
                .endMetadata()
                .withSpec(spec)
                .build())
        .create();
    Eventually.await(
        "the spoofed todo pod refuses the impostor's certificate",
        Duration.ofMinutes(2),
        () -> Workloads.refusedTheDatabaseCertificate(client, namespace, "spoofed-todo"));
    assertThat(client.pods().inNamespace(namespace).withName("spoofed-todo").get())
        .as("it never became ready on the impostor")
        .matches(pod -> !TodoService.ready(pod));
  }

  /** psql in the PostgreSQL pod with these arguments, as its own environment gives them. */
  private static String psql(String arguments) {
    return Workloads.exec(
        client,
        namespace,
        name + "-postgres-0",
        "sh",
        "-c",
        "PGPASSWORD=\"$APP_PASSWORD\" PGCONNECT_TIMEOUT=5 psql -v ON_ERROR_STOP=1 " + arguments);
  }
}
