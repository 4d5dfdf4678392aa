package io.taskoverflow.todo;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskoverflow.todo.config.AddressCache;
import io.taskoverflow.todo.config.AppConfig;
import io.taskoverflow.todo.config.Database;
import io.taskoverflow.todo.metrics.MetricsServer;
import io.taskoverflow.todo.metrics.TodoMetrics;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts TaskOverflow: configuration, metrics, database wait, migration, HTTP server, graceful
 * stop.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    AddressCache.followAddressChanges();
    AppConfig config;
    try {
      config = AppConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("database {}", config.database());
    PrometheusMeterRegistry metrics = TodoMetrics.registry();
    HikariDataSource dataSource = Database.pool(config.database(), config.poolSize(), metrics);
    // Everything that needs no database is built first: the database is often still starting.
    Flyway migration = Database.migration(config.database());
    Javalin app = TodoServer.create(dataSource, metrics);
    MetricsServer metricsServer;
    try {
      // Served from the start: a pod that waits for its database shows as not ready.
      metricsServer = MetricsServer.start(new InetSocketAddress(config.metricsPort()), metrics);
    } catch (UncheckedIOException e) {
      LOG.error("cannot start: {}", e.getMessage());
      dataSource.close();
      System.exit(1);
      return;
    }
    try {
      Database.awaitReachable(config.database(), config.databaseWait());
      migration.migrate();
    } catch (RuntimeException e) {
      LOG.error("cannot start: {}", e.getMessage());
      metricsServer.close();
      dataSource.close();
      System.exit(1);
      return;
    }
    // SIGTERM: stop accepting, let in-flight requests finish, then release the pool.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  app.stop();
                  metricsServer.close();
                  dataSource.close();
                },
                "shutdown"));
    app.start(config.port());
    LOG.info("metrics on port {}", metricsServer.port());
  }
}
