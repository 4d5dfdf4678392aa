package io.taskoverflow.todo.todos;

import java.time.LocalDateTime;

/** A stored todo, as clients see it. Timestamps are UTC. */
public record Todo(
    long id,
    String title,
    String description,
    boolean completed,
    LocalDateTime deadlineAt,
    LocalDateTime createdAt,
    LocalDateTime updatedAt) {

  public TodoFields fields() {
    return new TodoFields(title, description, completed, deadlineAt);
  }
}
