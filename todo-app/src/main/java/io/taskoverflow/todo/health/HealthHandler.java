package io.taskoverflow.todo.health;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Probes: {@code /health} says the process serves requests (liveness, never touches the database);
 * {@code /ready} says the database answers too (readiness).
 */
public final class HealthHandler {

  private final Readiness readiness;

  public HealthHandler(Readiness readiness) {
    this.readiness = readiness;
  }

  public void health(Context ctx) {
    ctx.json(Map.of("status", "ok"));
  }

  public void ready(Context ctx) {
    if (readiness.check()) {
      ctx.json(Map.of("status", "ready"));
    } else {
      ctx.status(503).json(Map.of("error", "database unavailable"));
    }
  }
}
