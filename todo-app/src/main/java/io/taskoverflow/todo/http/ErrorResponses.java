package io.taskoverflow.todo.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.taskoverflow.todo.config.FailFastDataSource;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to one JSON shape, {@code {"error": "..."}}: client mistakes to their 4xx, a
 * database that cannot be reached to 503, anything else to a 500 without a stack trace.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  public static void register(Javalin app) {
    app.exception(ApiException.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage()));
    app.exception(HttpResponseException.class, ErrorResponses::javalinResponse);
    app.exception(Exception.class, ErrorResponses::unexpected);
  }

  private static void javalinResponse(HttpResponseException e, Context ctx) {
    switch (e.getStatus()) {
      case 404 -> answer(ctx, 404, "not found");
      case 405 -> {
        e.getDetails().values().stream()
            .findFirst()
            .ifPresent(allow -> ctx.header(Header.ALLOW, allow));
        answer(ctx, 405, "method not allowed");
      }
      case 413 -> answer(ctx, 413, "request body too large");
      default -> answer(ctx, e.getStatus(), e.getMessage());
    }
  }

  private static void unexpected(Exception e, Context ctx) {
    if (isDatabaseUnavailable(e)) {
      if (!causedBy(e, FailFastDataSource.Refused.class::isInstance)) {
        LOG.warn("database unavailable: {}", e.getMessage());
      }
      answer(ctx, 503, "database unavailable");
      return;
    }
    LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
    answer(ctx, 500, "internal server error");
  }

  /** True for failures to reach the database, as opposed to a bad statement. */
  static boolean isDatabaseUnavailable(Throwable e) {
    return causedBy(e, ErrorResponses::isConnectionFailure);
  }

  private static boolean isConnectionFailure(Throwable t) {
    if (t instanceof SQLTransientConnectionException) {
      return true;
    }
    // 08: connection exceptions; 57P01-57P03: server shutting down or starting up.
    return t instanceof SQLException sql
        && sql.getSQLState() != null
        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"));
  }

  private static boolean causedBy(Throwable e, Predicate<Throwable> failure) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (failure.test(t)) {
        return true;
      }
    }
    return false;
  }

  private static void answer(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", message));
  }
}
