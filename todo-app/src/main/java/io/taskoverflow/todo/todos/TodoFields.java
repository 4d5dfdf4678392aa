package io.taskoverflow.todo.todos;

import java.time.LocalDateTime;

/** The part of a todo that clients write. */
public record TodoFields(
    String title, String description, boolean completed, LocalDateTime deadlineAt) {

  /** What a new todo starts from before the client's fields are applied. */
  static TodoFields blank() {
    return new TodoFields(null, null, false, null);
  }
}
