package io.taskoverflow.todo.todos;

import io.javalin.http.Context;
import io.taskoverflow.todo.http.ApiException;

/**
 * The query of {@code GET /todos}: {@code completed=true|false} and {@code window=N} (deadline
 * within N days, overdue included). Null means "no condition".
 */
record TodoFilter(Boolean completed, Integer windowDays) {

  // Far beyond any useful window; keeps the timestamp arithmetic inside PostgreSQL's range.
  static final int MAX_WINDOW_DAYS = 1_000_000;

  static TodoFilter from(Context ctx) {
    return new TodoFilter(completed(ctx.queryParam("completed")), window(ctx.queryParam("window")));
  }

  private static Boolean completed(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest("completed must be true or false");
    };
  }

  private static Integer window(String value) {
    if (value == null) {
      return null;
    }
    if (!value.matches("[0-9]+")) {
      throw ApiException.badRequest("window must be a non-negative integer number of days");
    }
    String digits = value.replaceFirst("^0+(?=.)", "");
    return digits.length() > 7
        ? MAX_WINDOW_DAYS
        : Math.min(Integer.parseInt(digits), MAX_WINDOW_DAYS);
  }
}
