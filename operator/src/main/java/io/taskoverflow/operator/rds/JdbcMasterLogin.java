package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.tls.PemTrustSslFactory;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.postgresql.Driver;

/**
 * {@link MasterLogin} with the PostgreSQL driver: one connection as the master user, closed at
 * once. Every connection is TLS with {@code sslmode=verify-full}: the instance's certificate must
 * chain to the RDS CA bundle and name the host dialled, so the master password never reaches a
 * server that only claims to be the instance. The bundle is handed to pgjdbc in memory ({@link
 * PemTrustSslFactory} as {@code sslfactory}), so no file is written. PostgreSQL tells a refused
 * password (SQLSTATE class 28) apart from an unreachable server, and pgjdbc a certificate it could
 * not verify; only the first two need the user.
 */
public final class JdbcMasterLogin implements MasterLogin {

  private static final int TIMEOUT_SECONDS = 5;

  /** The server did not answer the login (not reached, or the connection broke). */
  static final String UNREACHABLE = "InstanceUnreachable";

  /** PostgreSQL refused the user and password. */
  static final String CREDENTIALS_REJECTED = "MasterCredentialsRejected";

  /**
   * Failures that pass by themselves unless the user's own credentials are refused (those are
   * action-required): a server not reachable yet, a generated password being reset.
   */
  static final Set<String> TRANSIENT_FAILURES = Set.of(UNREACHABLE, CREDENTIALS_REJECTED);

  private final Function<RdsInstance, String> server;
  private final String caPem;

  /**
   * @param server where an instance's PostgreSQL listens, as {@code host:port}; the host is the
   *     name its certificate must carry
   * @param caPem the CA certificates (PEM) the server's certificate is verified against
   */
  public JdbcMasterLogin(Function<RdsInstance, String> server, String caPem) {
    this.server = server;
    this.caPem = caPem;
  }

  /** At the instance's endpoint, as the app connects to it. */
  public static JdbcMasterLogin atEndpoint(String caPem) {
    return new JdbcMasterLogin(instance -> instance.endpoint() + ":" + instance.port(), caPem);
  }

  @Override
  public Optional<RdsObservation.Blocked> attempt(
      RdsInstance instance, RdsCredentials credentials) {
    try (Connection connection = connect(instance, credentials, "postgres")) {
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(
          refusal(
              instance,
              e,
              "to check the credentials of database.rds.masterSecretRef",
              "the username and password of database.rds.masterSecretRef",
              true));
    }
  }

  /** A connection as {@code credentials} to {@code database} of the instance, verified. */
  Connection connect(RdsInstance instance, RdsCredentials credentials, String database)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", credentials.username());
    properties.setProperty("password", credentials.password());
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslfactory", PemTrustSslFactory.class.getName());
    properties.setProperty("sslfactoryarg", caPem);
    properties.setProperty("connectTimeout", String.valueOf(TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", String.valueOf(TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", String.valueOf(TIMEOUT_SECONDS));
    properties.setProperty("ApplicationName", "taskoverflow-operator");
    Connection connection =
        new Driver()
            .connect("jdbc:postgresql://" + server.apply(instance) + "/" + database, properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL URL", "08001");
    }
    return connection;
  }

  /**
   * Why a login as master failed, for DatabaseReady. The server's messages name the user, never the
   * password.
   *
   * @param purpose what the login was for, e.g. "to set up role todo_app", for an unreachable
   *     server
   * @param whose the credentials as the user knows them, e.g. "Secret shop-db-master"
   * @param usersCredentials whether a user wrote them; a refusal of the operator's own is a
   *     password reset on its way, which passes by itself
   */
  static RdsObservation.Blocked refusal(
      RdsInstance instance,
      SQLException e,
      String purpose,
      String whose,
      boolean usersCredentials) {
    String id = instance.identifier();
    Optional<RdsInstance> about = Optional.of(instance);
    if (unverifiedCertificate(e)) {
      return RdsObservation.needsUser(
          id,
          about,
          "ServerCertificateNotVerified",
          "the TLS certificate of RDS instance "
              + id
              + " could not be verified against the RDS CA bundle (sslmode=verify-full), so the"
              + " operator did not log in; if the instance uses another CA, give the operator its"
              + " bundle (chart value aws.rds.caBundle): "
              + e.getMessage());
    }
    if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
      String message = whose + " do not log in to RDS instance " + id + ": " + e.getMessage();
      return usersCredentials
          ? RdsObservation.needsUser(id, about, CREDENTIALS_REJECTED, message)
          : RdsObservation.waiting(id, about, CREDENTIALS_REJECTED, message);
    }
    return RdsObservation.waiting(
        id,
        about,
        UNREACHABLE,
        "cannot reach RDS instance " + id + " " + purpose + ": " + e.getMessage());
  }

  /**
   * pgjdbc's refusal of the server's certificate: no chain to a trusted CA (a certificate or
   * certification path error under the handshake's), or a name that is not the host's.
   */
  static boolean unverifiedCertificate(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof GeneralSecurityException) {
        return true;
      }
    }
    return e.getMessage() != null && e.getMessage().contains("could not be verified");
  }
}
