package io.taskoverflow.todo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskoverflow.testing.PostgresServer;
import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.ApiClient.Response;
import io.taskoverflow.todo.testsupport.AppOnDatabase;
import io.taskoverflow.todo.testsupport.TodoAppExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A pool of one connection, what the operator gives each replica when many share a database's
 * connection budget, is enough to start and serve: the migration does not draw on the pool (Flyway
 * holds two connections at once), and the connections it opens are closed before the service
 * serves, so the app's login holds no more than its pool.
 */
class PoolOfOneIT {

  private static final String TODOS = "api/v1/todos";
  private static final String PASSWORD = "secret";

  @Test
  void an_empty_database_is_migrated_and_served_by_a_pool_of_one() throws Exception {
    String uri = database("pool_one_empty");
    try (AppOnDatabase app = AppOnDatabase.start(uri, 1)) {
      assertServes(app.api(), "first");
      assertConnectionsOfLoginAtMost("pool_one_empty", 1);
    }
  }

  @Test
  void a_database_migrated_before_is_served_by_a_pool_of_one() throws Exception {
    String uri = database("pool_one_migrated");
    try (AppOnDatabase earlier = AppOnDatabase.start(uri)) {
      assertThat(earlier.api().post(TODOS, "{\"title\":\"earlier\"}").status()).isEqualTo(201);
    }
    try (AppOnDatabase app = AppOnDatabase.start(uri, 1)) {
      assertServes(app.api(), "later");
      assertThat(app.api().get(TODOS).json().findValuesAsText("title"))
          .containsExactly("later", "earlier");
      assertConnectionsOfLoginAtMost("pool_one_migrated", 1);
    }
  }

  @Test
  void the_migration_logs_in_as_the_pool_does() throws Exception {
    DatabaseUri uri = DatabaseUri.parse(database("pool_one_login") + "?ApplicationName=from-uri");
    DataSource migration = Database.migration(uri).getConfiguration().getDataSource();
    try (HikariDataSource pool = Database.pool(uri, 1, new SimpleMeterRegistry());
        Connection pooled = pool.getConnection();
        Connection unpooled = migration.getConnection()) {
      assertThat(session(unpooled)).isEqualTo(session(pooled));
      assertThat(session(unpooled).applicationName()).as("the URI's query").isEqualTo("from-uri");
    }
  }

  @Test
  void the_migration_requires_tls_when_the_uri_does() throws Exception {
    // The shared server has no TLS: the pool could not connect either.
    DatabaseUri uri = DatabaseUri.parse(database("pool_one_tls") + "?sslmode=require");
    assertThatThrownBy(() -> Database.migration(uri).migrate())
        .hasMessageContaining("The server does not support SSL");
  }

  /** What the server and the driver make of a connection's login. */
  private record Session(
      String user,
      String applicationName,
      String statementTimeout,
      boolean tls,
      int socketTimeout) {}

  private static Session session(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT current_user, current_setting('application_name'),"
                    + " current_setting('statement_timeout'), ssl"
                    + " FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      result.next();
      return new Session(
          result.getString(1),
          result.getString(2),
          result.getString(3),
          result.getBoolean(4),
          connection.getNetworkTimeout());
    }
  }

  /** A todo is created (201) and read back (200). */
  private static void assertServes(ApiClient api, String title) {
    Response created = api.post(TODOS, "{\"title\":\"" + title + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Response read = api.get(TODOS + "/" + created.json().path("id").asLong());
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(created.json());
    assertThat(api.get(TODOS).status()).isEqualTo(200);
  }

  /**
   * PostgreSQL holds at most {@code limit} sessions of {@code login}. A closed connection's session
   * ends a moment after its client has gone, so up to 10 s are allowed for that.
   */
  private static void assertConnectionsOfLoginAtMost(String login, int limit)
      throws SQLException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    int sessions = sessionsOf(login);
    while (sessions > limit && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      sessions = sessionsOf(login);
    }
    assertThat(sessions).as("sessions of %s once serving", login).isLessThanOrEqualTo(limit);
  }

  private static int sessionsOf(String login) throws SQLException {
    try (Connection superuser = postgres().superuser("postgres");
        PreparedStatement query =
            superuser.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
      query.setString(1, login);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  /** A new, empty database {@code name} owned by the login {@code name}, as a URI. */
  private static String database(String name) throws SQLException {
    return TodoAppExtension.createDatabase(name, PASSWORD);
  }

  private static PostgresServer postgres() {
    return TodoAppExtension.postgres();
  }
}
