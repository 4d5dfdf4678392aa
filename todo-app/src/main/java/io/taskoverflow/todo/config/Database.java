package io.taskoverflow.todo.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.util.DriverDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool, the startup wait for the database, and the schema migration. */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  // Short enough that a request during an outage answers 503 quickly instead of hanging.
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

  // A database that stops answering (a failover, a network partition) would otherwise hold a
  // request and its connection until TCP gives up, about 15 minutes: no answer within the
  // socket timeout ends the connection, and the server abandons any statement that runs longer
  // than the statement timeout, before the client stops waiting. Every query here takes
  // milliseconds.
  static final int SOCKET_TIMEOUT_SECONDS = 5;
  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(4);

  // How often startup tries the database: it is often started at the same time as this service.
  private static final Duration ATTEMPT_INTERVAL = Duration.ofMillis(250);
  private static final Duration LOG_INTERVAL = Duration.ofSeconds(5);

  private Database() {}

  /**
   * A pool that opens no connection until it is first used, so that it never backs off from a
   * database that is still starting (startup waits with {@link #awaitReachable} instead). Its
   * gauges and timers ({@code hikaricp_*{pool="todo-db"}}) go to {@code metrics}.
   */
  public static HikariDataSource pool(DatabaseUri uri, int size, MeterRegistry metrics) {
    HikariConfig config = settings(uri);
    config.setMaximumPoolSize(size);
    HikariDataSource pool = new HikariDataSource();
    config.copyStateTo(pool);
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    return pool;
  }

  /**
   * The pool's settings, less its size. Its connections log in with the URI's URL (its query, such
   * as {@code sslmode} and {@code sslrootcert}, passed through), credentials and the driver
   * properties below; so do the migration's.
   */
  private static HikariConfig settings(DatabaseUri uri) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("todo-db");
    config.setJdbcUrl(uri.jdbcUrl());
    config.setUsername(uri.username());
    config.setPassword(uri.password());
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("connectTimeout", "3");
    config.addDataSourceProperty("loginTimeout", "3");
    config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    config.addDataSourceProperty("options", "-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis());
    config.addDataSourceProperty("ApplicationName", "taskoverflow");
    return config;
  }

  /**
   * Waits, with bounded retries, until the database accepts a login. Each try is one connection of
   * the driver's own, every 250 ms, so a database that comes up is seen within that.
   */
  public static void awaitReachable(DatabaseUri uri, Duration limit) {
    Properties login = new Properties();
    login.setProperty("user", uri.username());
    login.setProperty("password", uri.password());
    // The pool's limits: a first TLS login from a cold JVM can take seconds.
    login.setProperty("connectTimeout", "3");
    login.setProperty("loginTimeout", "3");
    Instant deadline = Instant.now().plus(limit);
    Instant nextLog = Instant.now();
    int attempt = 0;
    while (true) {
      attempt++;
      try (Connection ignored = DriverManager.getConnection(uri.jdbcUrl(), login)) {
        LOG.info("database reachable after {} attempt(s)", attempt);
        return;
      } catch (SQLException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "database not reachable within " + limit.toSeconds() + "s: " + rootMessage(e));
        }
        if (!Instant.now().isBefore(nextLog)) {
          LOG.info("waiting for the database (attempt {}): {}", attempt, rootMessage(e));
          nextLog = Instant.now().plus(LOG_INTERVAL);
        }
        sleep(ATTEMPT_INTERVAL);
      }
    }
  }

  /**
   * The schema migration, configured (its classes loaded) but not run: startup prepares it while
   * the database may still be starting. It keeps an existing {@code todos} table of an older
   * deployment.
   *
   * <p>Flyway holds two connections at once (its schema history and the migration), so it does not
   * draw on the pool, which may be a single connection when many replicas share a database's
   * connection budget. It opens connections of its own, unpooled, just as the pool opens its (by
   * the driver data source that a pool of {@link #settings} uses: the same URL, TLS settings,
   * credentials and limits), and closes them when the migration ends.
   */
  public static Flyway migration(DatabaseUri uri) {
    HikariConfig login = settings(uri);
    DataSource unpooled =
        new DriverDataSource(
            login.getJdbcUrl(),
            login.getDriverClassName(),
            login.getDataSourceProperties(),
            login.getUsername(),
            login.getPassword());
    return Flyway.configure()
        .dataSource(unpooled)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
  }

  /** The pool's own timeout message hides why connecting failed; the driver's says it. */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the database", e);
    }
  }
}
