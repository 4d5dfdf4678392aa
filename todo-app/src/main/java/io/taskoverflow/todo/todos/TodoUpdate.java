package io.taskoverflow.todo.todos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskoverflow.todo.http.ApiException;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.Set;

/**
 * The fields a client sent in a create or update, validated at the edge. A key that is absent
 * leaves the field as it is; {@code null} clears a nullable field.
 */
public final class TodoUpdate {

  static final int TITLE_MAX = 80;
  static final int DESCRIPTION_MAX = 120;
  private static final Set<String> KEYS =
      Set.of("title", "description", "completed", "deadline_at");

  private final boolean setsTitle;
  private final String title;
  private final boolean setsDescription;
  private final String description;
  private final boolean setsCompleted;
  private final boolean completed;
  private final boolean setsDeadline;
  private final LocalDateTime deadlineAt;

  private TodoUpdate(ObjectNode body) {
    setsTitle = body.has("title");
    title = setsTitle ? text(body.get("title"), "title", 1, TITLE_MAX, false) : null;
    setsDescription = body.has("description");
    description =
        setsDescription
            ? text(body.get("description"), "description", 0, DESCRIPTION_MAX, true)
            : null;
    setsCompleted = body.has("completed");
    completed = setsCompleted && bool(body.get("completed"));
    setsDeadline = body.has("deadline_at");
    deadlineAt = setsDeadline ? deadline(body.get("deadline_at")) : null;
  }

  /** The body of a {@code POST}: extra keys first, then the missing title, then types. */
  public static TodoUpdate forCreate(ObjectNode body) {
    rejectExtraKeys(body);
    if (!body.has("title")) {
      throw ApiException.badRequest("missing title");
    }
    return new TodoUpdate(body);
  }

  /** The body of a {@code PUT}: any subset of the keys. */
  public static TodoUpdate forUpdate(ObjectNode body) {
    rejectExtraKeys(body);
    return new TodoUpdate(body);
  }

  public TodoFields applyTo(TodoFields current) {
    return new TodoFields(
        setsTitle ? title : current.title(),
        setsDescription ? description : current.description(),
        setsCompleted ? completed : current.completed(),
        setsDeadline ? deadlineAt : current.deadlineAt());
  }

  private static void rejectExtraKeys(ObjectNode body) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      if (!KEYS.contains(names.next())) {
        throw ApiException.badRequest("extra fields");
      }
    }
  }

  private static String text(JsonNode node, String key, int min, int max, boolean nullable) {
    if (node.isNull() && nullable) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(key + " must be a string" + (nullable ? " or null" : ""));
    }
    String value = node.textValue();
    int length = value.codePointCount(0, value.length());
    if (length < min || length > max) {
      throw ApiException.badRequest(key + " must be " + min + " to " + max + " characters long");
    }
    if (value.indexOf('\0') >= 0) {
      throw ApiException.badRequest(key + " must not contain NUL characters");
    }
    return value;
  }

  private static boolean bool(JsonNode node) {
    if (!node.isBoolean()) {
      throw ApiException.badRequest("completed must be true or false");
    }
    return node.booleanValue();
  }

  private static LocalDateTime deadline(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest("deadline_at must be an ISO-8601 date or null");
    }
    return Deadlines.parse(node.textValue())
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "deadline_at must be an ISO-8601 date such as 2026-03-01 or 2026-03-01T10:00"));
  }
}
