package io.taskoverflow.todo.health;

import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Probes: {@code /health} says the process serves requests (liveness, never touches the database);
 * {@code /ready} says the database answers too (readiness).
 */
public final class HealthHandler {

  /**
   * With the pool's 3 s wait for a connection, the readiness answer takes at most 4 s: the
   * operator's readiness probe allows 5 s, so a slow database shows as 503, never a probe timeout.
   */
  private static final int READY_TIMEOUT_SECONDS = 1;

  private final DataSource dataSource;

  public HealthHandler(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void health(Context ctx) {
    ctx.json(Map.of("status", "ok"));
  }

  public void ready(Context ctx) {
    if (databaseAnswers()) {
      ctx.json(Map.of("status", "ready"));
    } else {
      ctx.status(503).json(Map.of("error", "database unavailable"));
    }
  }

  private boolean databaseAnswers() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(READY_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }
}
