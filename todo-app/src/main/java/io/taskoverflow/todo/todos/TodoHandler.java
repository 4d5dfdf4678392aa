package io.taskoverflow.todo.todos;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.taskoverflow.todo.http.ApiException;
import io.taskoverflow.todo.http.JsonBody;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;

/** The HTTP side of todos: request parsing and status codes. Knows HTTP, not SQL. */
public final class TodoHandler {

  private static final String NOT_FOUND = "Todo not found";

  private final TodoRepository repository;
  private final JsonBody jsonBody;

  public TodoHandler(TodoRepository repository, JsonBody jsonBody) {
    this.repository = repository;
    this.jsonBody = jsonBody;
  }

  /**
   * All matching todos as one JSON array, written while they are read: the list never sits in
   * memory whole. The query runs before anything is written, so a database that is down still gets
   * its 503.
   */
  public void list(Context ctx) throws SQLException {
    try (Stream<Todo> todos = repository.list(TodoFilter.from(ctx))) {
      ctx.contentType(ContentType.APPLICATION_JSON);
      ctx.writeJsonStream(todos);
    }
  }

  public void get(Context ctx) throws SQLException {
    ctx.json(repository.find(id(ctx)).orElseThrow(() -> ApiException.notFound(NOT_FOUND)));
  }

  public void create(Context ctx) throws SQLException {
    TodoUpdate update = TodoUpdate.forCreate(jsonBody.object(ctx));
    ctx.status(201).json(repository.create(update.applyTo(TodoFields.blank())));
  }

  public void update(Context ctx) throws SQLException {
    long id = id(ctx);
    TodoUpdate update = TodoUpdate.forUpdate(jsonBody.object(ctx));
    ctx.json(repository.update(id, update).orElseThrow(() -> ApiException.notFound(NOT_FOUND)));
  }

  /** Deleting an unknown id answers 200 {@code {}}: existing clients rely on it. */
  public void delete(Context ctx) throws SQLException {
    ctx.json(repository.delete(id(ctx)).<Object>map(todo -> todo).orElse(Map.of()));
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound(NOT_FOUND);
    }
  }
}
