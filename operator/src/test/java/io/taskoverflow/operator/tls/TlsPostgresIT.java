package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskoverflow.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL serves an issued certificate and key ({@code ssl_cert_file}, {@code
 * ssl_key_file}, the key 0600), and pgjdbc with {@code sslmode=verify-full} and the CA as {@code
 * sslrootcert}, as the todo service will connect, accepts it only by a name it covers and only when
 * trusting the CA that issued it.
 */
class TlsPostgresIT {

  private static final String PASSWORD = "tls-test-password";

  @TempDir static Path files;
  private static PostgresServer postgres;
  private static Path ourCa;
  private static Path anotherCa;

  @BeforeAll
  static void startPostgresWithAnIssuedCertificate() throws Exception {
    Instant now = Instant.now();
    CertificateAuthority ca = CertificateAuthority.generate("TaskOverflow CA", now);
    List<String> names = new ArrayList<>(ServiceDnsNames.of("todo-postgres", "shop"));
    names.add("localhost");
    ServerCertificate server = ServerCertificate.issue(ca, names, now);
    ourCa = Files.writeString(files.resolve("ca.crt"), ca.certificatePem());
    anotherCa =
        Files.writeString(
            files.resolve("other-ca.crt"),
            CertificateAuthority.generate("TaskOverflow CA", now).certificatePem());
    postgres = PostgresServer.start();
    postgres.createDatabase("todo", PASSWORD);
    postgres.useTls(server.certificatePem(), server.privateKeyPem());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void verifyFullWithTheCaConnectsOverTls() throws Exception {
    try (Connection connection = connect("localhost", ourCa);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getBoolean("ssl")).isTrue();
      assertThat(result.getString("version")).startsWith("TLSv1.");
    }
  }

  @Test
  void aHostTheCertificateDoesNotNameIsRefused() {
    assertThatThrownBy(() -> connect("127.0.0.1", ourCa))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("127.0.0.1 could not be verified");
  }

  @Test
  void aClientTrustingAnotherCaRefusesTheServer() {
    assertThatThrownBy(() -> connect("localhost", anotherCa))
        .isInstanceOf(SQLException.class)
        .hasStackTraceContaining("PKIX path");
  }

  private static Connection connect(String host, Path rootCertificate) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://"
            + host
            + ":"
            + postgres.port()
            + "/todo?sslmode=verify-full&sslrootcert="
            + rootCertificate,
        "todo",
        PASSWORD);
  }
}
