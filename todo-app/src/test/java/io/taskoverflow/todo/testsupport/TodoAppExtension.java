package io.taskoverflow.todo.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskoverflow.testing.PostgresServer;
import io.taskoverflow.todo.TodoServer;
import io.taskoverflow.todo.config.AppConfig;
import io.taskoverflow.todo.config.Database;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real PostgreSQL and one running TaskOverflow for the whole test JVM, configured the way a
 * deployment is: through {@code SQLALCHEMY_DATABASE_URI}, with a password that needs
 * percent-encoding. Each test starts with an empty table; injects an {@link ApiClient}.
 */
public final class TodoAppExtension implements BeforeEachCallback, ParameterResolver {

  public static final String DB_NAME = "taskoverflow";
  public static final String DB_PASSWORD = "p@ss/w rd";
  public static final String ENCODED_PASSWORD = "p%40ss%2Fw%20rd";

  private static Running running;

  private record Running(PostgresServer postgres, HikariDataSource dataSource, Javalin app) {}

  public static synchronized PostgresServer postgres() {
    return start().postgres();
  }

  /** The URI a deployment of the shared database would be given. */
  public static String databaseUri() {
    PostgresServer postgres = postgres();
    return "postgresql+psycopg2://"
        + DB_NAME
        + ":"
        + ENCODED_PASSWORD
        + "@"
        + postgres.host()
        + ":"
        + postgres.port()
        + "/"
        + DB_NAME;
  }

  /**
   * Creates a database {@code name} on the shared server, owned by a new login {@code name} with
   * {@code password} (which must need no percent-encoding), and returns its URI.
   */
  public static String createDatabase(String name, String password) throws SQLException {
    PostgresServer postgres = postgres();
    postgres.createDatabase(name, password);
    return "postgresql://"
        + name
        + ":"
        + password
        + "@"
        + postgres.host()
        + ":"
        + postgres.port()
        + "/"
        + name;
  }

  private static synchronized Running start() {
    if (running == null) {
      try {
        PostgresServer postgres = PostgresServer.start();
        postgres.createDatabase(DB_NAME, DB_PASSWORD);
        running = new Running(postgres, null, null);
        AppConfig config = AppConfig.fromEnv(Map.of("SQLALCHEMY_DATABASE_URI", databaseUri()));
        // The metrics are recorded as in a deployment, and not served: MetricsIT reads its own.
        MeterRegistry metrics = new SimpleMeterRegistry();
        HikariDataSource dataSource = Database.pool(config.database(), config.poolSize(), metrics);
        Database.awaitReachable(config.database(), config.databaseWait());
        Database.migration(config.database()).migrate();
        Javalin app = TodoServer.create(dataSource, metrics).start("127.0.0.1", 0);
        running = new Running(postgres, dataSource, app);
        Runtime.getRuntime().addShutdownHook(new Thread(TodoAppExtension::stop));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start PostgreSQL and TaskOverflow for tests", e);
      }
    }
    return running;
  }

  private static void stop() {
    try {
      running.app().stop();
      running.dataSource().close();
      running.postgres().close();
    } catch (Exception e) {
      // the JVM is exiting; the temporary cluster is left for the OS to clean
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    try (Connection connection = start().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE todos");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApiClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return new ApiClient(URI.create("http://127.0.0.1:" + start().app().port() + "/"));
  }
}
