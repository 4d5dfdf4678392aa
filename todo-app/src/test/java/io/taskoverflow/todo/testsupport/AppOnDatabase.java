package io.taskoverflow.todo.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.taskoverflow.todo.TodoServer;
import io.taskoverflow.todo.config.Database;
import io.taskoverflow.todo.config.DatabaseUri;
import java.net.URI;

/**
 * A TaskOverflow of a test's own, on a database it names: for tests that break the database (stop
 * it, or put faults between it and the service) without touching the shared one.
 */
public final class AppOnDatabase implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Javalin app;
  private final ApiClient api;

  private AppOnDatabase(HikariDataSource dataSource, Javalin app) {
    this.dataSource = dataSource;
    this.app = app;
    this.api = new ApiClient(URI.create("http://127.0.0.1:" + app.port() + "/"));
  }

  /** A pool of 4 on {@code uri}, the schema migrated, the server on a free port. */
  public static AppOnDatabase start(String uri) {
    HikariDataSource dataSource = Database.pool(DatabaseUri.parse(uri), 4);
    Database.migration(dataSource).migrate();
    return new AppOnDatabase(dataSource, TodoServer.create(dataSource).start("127.0.0.1", 0));
  }

  public ApiClient api() {
    return api;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    app.stop();
    dataSource.close();
  }
}
