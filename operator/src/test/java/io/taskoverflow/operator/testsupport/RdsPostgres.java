package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.rds.AppRoleSetup;
import io.taskoverflow.operator.rds.JdbcAppRoleSetup;
import io.taskoverflow.operator.rds.JdbcMasterLogin;
import io.taskoverflow.operator.tls.CertificateAuthority;
import io.taskoverflow.operator.tls.ServerCertificate;
import io.taskoverflow.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL in the place of an RDS instance's server, for the master logins to reach: every
 * instance is mapped to it, at {@link #HOST}. It serves TLS with a certificate for that name from a
 * CA of the test's, which the operator is given as its RDS CA bundle ({@link #env()}); and its
 * master user is made as RDS makes one: a login with CREATEROLE and CREATEDB that is no superuser,
 * owning the database the instance was created with.
 */
public final class RdsPostgres implements AutoCloseable {

  /** The name the instances are dialled by and the server's certificate carries. */
  public static final String HOST = "localhost";

  private final PostgresServer server;
  private final Path caFile;

  private RdsPostgres(PostgresServer server, Path caFile) {
    this.server = server;
    this.caFile = caFile;
  }

  /** With a certificate from the CA the operator trusts (a file in {@code dir}). */
  public static RdsPostgres start(Path dir) throws Exception {
    return start(dir, Optional.empty());
  }

  /** The same with the server programs of {@code binaries}, where given (another major). */
  public static RdsPostgres start(Path dir, Optional<Path> binaries) throws Exception {
    CertificateAuthority trusted = CertificateAuthority.generate("RDS test CA", Instant.now());
    return start(dir, trusted, trusted, binaries);
  }

  /** With a certificate from another CA than the one the operator trusts. */
  public static RdsPostgres startWithAnUntrustedCertificate(Path dir) throws Exception {
    return start(
        dir,
        CertificateAuthority.generate("RDS test CA", Instant.now()),
        CertificateAuthority.generate("Someone else's CA", Instant.now()),
        Optional.empty());
  }

  private static RdsPostgres start(
      Path dir, CertificateAuthority trusted, CertificateAuthority issuer, Optional<Path> binaries)
      throws Exception {
    ServerCertificate certificate = ServerCertificate.issue(issuer, List.of(HOST), Instant.now());
    Path caFile = Files.writeString(dir.resolve("rds-ca.pem"), trusted.certificatePem());
    PostgresServer server =
        binaries.isPresent() ? PostgresServer.start(binaries.get()) : PostgresServer.start();
    server.useTls(certificate.certificatePem(), certificate.privateKeyPem());
    return new RdsPostgres(server, caFile);
  }

  /** The operator's settings that make it trust this server's CA (as its RDS CA bundle). */
  public Map<String, String> env() {
    return Map.of("RDS_CA_BUNDLE_FILE", caFile.toString());
  }

  public String caPem() throws java.io.IOException {
    return Files.readString(caFile);
  }

  /** The production login, dialling this server instead of the instance's endpoint. */
  public JdbcMasterLogin login() throws java.io.IOException {
    return new JdbcMasterLogin(instance -> HOST + ":" + server.port(), caPem());
  }

  /** The production setup of the app's role, through {@link #login()}. */
  public AppRoleSetup roles() throws java.io.IOException {
    return new JdbcAppRoleSetup(login());
  }

  /** A master user as RDS creates it, with the database the instance was created with. */
  public void createMaster(String user, String password, String database) throws SQLException {
    try (Connection connection = server.superuser("postgres")) {
      execute(
          connection,
          "SELECT format('CREATE ROLE %I LOGIN CREATEROLE CREATEDB PASSWORD %L', ?, ?)",
          user,
          password);
      execute(connection, "SELECT format('CREATE DATABASE %I OWNER %I', ?, ?)", database, user);
    }
  }

  /**
   * The master user of the instance the operator requested for {@code name}, with the password of
   * its Secret {@code <name>-db-master} (moto keeps the password to itself), once that exists.
   */
  public Map<String, String> createMasterOf(
      KubernetesClient client, String ns, String name, String database) throws SQLException {
    Eventually.await(
        "Secret " + name + "-db-master",
        Duration.ofSeconds(60),
        () -> client.secrets().inNamespace(ns).withName(name + "-db-master").get() != null);
    Secret secret = client.secrets().inNamespace(ns).withName(name + "-db-master").get();
    Map<String, String> master = Secrets.decoded(secret);
    createMaster(master.get("username"), master.get("password"), database);
    return master;
  }

  /** A connection as {@code user}, verifying the server with {@code caFile} (verify-full). */
  public Connection connect(String user, String password, String database, Path caFile)
      throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://"
            + HOST
            + ":"
            + server.port()
            + "/"
            + database
            + "?sslmode=verify-full&sslrootcert="
            + caFile,
        user,
        password);
  }

  /** The server's superuser, to look at what the operator did. */
  public Connection superuser(String database) throws SQLException {
    return server.superuser(database);
  }

  /** The first column of the first row of {@code query} with {@code values} bound. */
  public static String value(Connection connection, String query, String... values)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < values.length; i++) {
        statement.setString(i + 1, values[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }

  /** Runs the statement that {@code format} writes from {@code values}. */
  public static void execute(Connection connection, String format, String... values)
      throws SQLException {
    String statement = value(connection, format, values);
    try (Statement run = connection.createStatement()) {
      run.execute(statement);
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
