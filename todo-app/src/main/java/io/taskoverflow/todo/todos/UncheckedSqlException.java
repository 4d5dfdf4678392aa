package io.taskoverflow.todo.todos;

import java.sql.SQLException;

/** A database failure while a streamed list is read; the error mapper looks at its cause. */
final class UncheckedSqlException extends RuntimeException {

  UncheckedSqlException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
