package io.taskoverflow.todo;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.taskoverflow.todo.config.AddressCache;
import io.taskoverflow.todo.config.AppConfig;
import io.taskoverflow.todo.config.Database;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts TaskOverflow: configuration, database wait, migration, HTTP server, graceful stop. */
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
    HikariDataSource dataSource = Database.pool(config.database(), config.poolSize());
    // Everything that needs no database is built first: the database is often still starting.
    Flyway migration = Database.migration(dataSource);
    Javalin app = TodoServer.create(dataSource);
    try {
      Database.awaitReachable(config.database(), config.databaseWait());
      migration.migrate();
    } catch (RuntimeException e) {
      LOG.error("cannot start: {}", e.getMessage());
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
                  dataSource.close();
                },
                "shutdown"));
    app.start(config.port());
  }
}
