package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.aws.RdsInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.postgresql.Driver;

/**
 * {@link MasterLogin} with the PostgreSQL driver: one connection to the instance's {@code postgres}
 * database, over TLS as RDS offers it, closed at once. PostgreSQL tells a refused password
 * (SQLSTATE class 28) apart from an unreachable server, so only the former needs the user.
 */
public final class JdbcMasterLogin implements MasterLogin {

  private static final int TIMEOUT_SECONDS = 5;

  private final Function<RdsInstance, String> url;

  /** {@code url}: the JDBC URL of an instance's {@code postgres} database, timeouts left out. */
  public JdbcMasterLogin(Function<RdsInstance, String> url) {
    this.url = url;
  }

  /** At the instance's endpoint, as the app connects to it. */
  public static JdbcMasterLogin atEndpoint() {
    return new JdbcMasterLogin(
        instance ->
            "jdbc:postgresql://"
                + instance.endpoint()
                + ":"
                + instance.port()
                + "/postgres?sslmode=require");
  }

  @Override
  public Optional<RdsObservation.Blocked> attempt(
      RdsInstance instance, RdsCredentials credentials) {
    Properties properties = new Properties();
    properties.setProperty("user", credentials.username());
    properties.setProperty("password", credentials.password());
    properties.setProperty("connectTimeout", String.valueOf(TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", String.valueOf(TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", String.valueOf(TIMEOUT_SECONDS));
    properties.setProperty("ApplicationName", "taskoverflow-operator");
    String id = instance.identifier();
    try (Connection connection = new Driver().connect(url.apply(instance), properties)) {
      if (connection == null) {
        throw new SQLException("not a PostgreSQL URL", "08001");
      }
      return Optional.empty();
    } catch (SQLException e) {
      // The server's message names the user, never the password.
      if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
        return Optional.of(
            RdsObservation.needsUser(
                id,
                Optional.of(instance),
                "MasterCredentialsRejected",
                "the username and password of database.rds.masterSecretRef do not log in to RDS"
                    + " instance "
                    + id
                    + ": "
                    + e.getMessage()));
      }
      return Optional.of(
          RdsObservation.waiting(
              id,
              Optional.of(instance),
              "InstanceUnreachable",
              "cannot reach RDS instance "
                  + id
                  + " to check the credentials of database.rds.masterSecretRef: "
                  + e.getMessage()));
    }
  }
}
