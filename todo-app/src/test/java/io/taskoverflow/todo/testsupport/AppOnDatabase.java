package io.taskoverflow.todo.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskoverflow.todo.TodoServer;
import io.taskoverflow.todo.config.Database;
import io.taskoverflow.todo.config.DatabaseUri;
import io.taskoverflow.todo.metrics.MetricsServer;
import io.taskoverflow.todo.metrics.TodoMetrics;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A TaskOverflow of a test's own, on a database it names, wired as {@code Main} wires it (its
 * metrics on a port of their own): for tests that break the database (stop it, or put faults
 * between it and the service) without touching the shared one, or that read its metrics.
 */
public final class AppOnDatabase implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Javalin app;
  private final MetricsServer metricsServer;
  private final ApiClient api;
  private final ApiClient metrics;

  private AppOnDatabase(HikariDataSource dataSource, Javalin app, MetricsServer metricsServer) {
    this.dataSource = dataSource;
    this.app = app;
    this.metricsServer = metricsServer;
    this.api = new ApiClient(URI.create("http://127.0.0.1:" + app.port() + "/"));
    this.metrics = new ApiClient(URI.create("http://127.0.0.1:" + metricsServer.port() + "/"));
  }

  /** A pool of 4 on {@code uri}, the schema migrated, the servers on free ports. */
  public static AppOnDatabase start(String uri) {
    return start(uri, 4);
  }

  /** The same with a pool of {@code poolSize} connections. */
  public static AppOnDatabase start(String uri, int poolSize) {
    PrometheusMeterRegistry registry = TodoMetrics.registry();
    DatabaseUri database = DatabaseUri.parse(uri);
    HikariDataSource dataSource = Database.pool(database, poolSize, registry);
    Database.migration(database).migrate();
    MetricsServer metricsServer =
        MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry);
    Javalin app = TodoServer.create(dataSource, registry).start("127.0.0.1", 0);
    return new AppOnDatabase(dataSource, app, metricsServer);
  }

  public ApiClient api() {
    return api;
  }

  /** A client of the metrics port. */
  public ApiClient metrics() {
    return metrics;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    app.stop();
    metricsServer.close();
    dataSource.close();
  }
}
