package io.taskoverflow.todo.todos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;

/** Todos in PostgreSQL. Knows SQL, not HTTP. */
public final class TodoRepository {

  // In the order todo(ResultSet) reads them.
  private static final String COLUMNS =
      "id, title, description, completed, deadline_at, created_at, updated_at";
  private static final String NOW_UTC = "(now() AT TIME ZONE 'utc')";

  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM todos"
          + " WHERE (?::boolean IS NULL OR completed = ?)"
          + " AND (?::int IS NULL OR deadline_at <= "
          + NOW_UTC
          + " + make_interval(days => ?))"
          + " ORDER BY created_at DESC, id DESC";
  // Rows per round trip while a list is streamed: big enough to amortise the trip, small enough
  // that a batch is a few hundred KiB.
  static final int FETCH_ROWS = 500;

  private static final String FIND = "SELECT " + COLUMNS + " FROM todos WHERE id = ?";
  private static final String LOCK = FIND + " FOR UPDATE";
  private static final String INSERT =
      "INSERT INTO todos (title, description, completed, deadline_at) VALUES (?, ?, ?, ?)"
          + " RETURNING "
          + COLUMNS;
  private static final String UPDATE =
      "UPDATE todos SET title = ?, description = ?, completed = ?, deadline_at = ?,"
          + " updated_at = "
          + NOW_UTC
          + " WHERE id = ? RETURNING "
          + COLUMNS;
  private static final String DELETE = "DELETE FROM todos WHERE id = ? RETURNING " + COLUMNS;

  private final DataSource dataSource;

  public TodoRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The todos the filter selects, newest first, read from the database as the caller consumes them:
   * pgjdbc fetches {@link #FETCH_ROWS} rows at a time inside a read-only transaction, so a list of
   * any length holds one batch in memory. The caller must close the stream, which ends the
   * transaction and returns the connection.
   */
  Stream<Todo> list(TodoFilter filter) throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      // pgjdbc uses a cursor, and so the fetch size, only outside auto-commit.
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      PreparedStatement statement = connection.prepareStatement(LIST);
      statement.setFetchSize(FETCH_ROWS);
      statement.setObject(1, filter.completed(), Types.BOOLEAN);
      statement.setObject(2, filter.completed(), Types.BOOLEAN);
      statement.setObject(3, filter.windowDays(), Types.INTEGER);
      statement.setObject(4, filter.windowDays(), Types.INTEGER);
      ResultSet rows = statement.executeQuery();
      return StreamSupport.stream(new RowSpliterator(rows), false)
          .onClose(() -> release(connection));
    } catch (SQLException | RuntimeException e) {
      release(connection);
      throw e;
    }
  }

  /** One todo per row; a failure while reading surfaces as an unchecked exception. */
  private static final class RowSpliterator extends Spliterators.AbstractSpliterator<Todo> {
    private final ResultSet rows;

    RowSpliterator(ResultSet rows) {
      super(Long.MAX_VALUE, ORDERED | NONNULL);
      this.rows = rows;
    }

    @Override
    public boolean tryAdvance(Consumer<? super Todo> action) {
      try {
        if (!rows.next()) {
          return false;
        }
        action.accept(todo(rows));
        return true;
      } catch (SQLException e) {
        throw new UncheckedSqlException(e);
      }
    }
  }

  /**
   * Ends the read-only transaction (closing its statement and cursor) and returns the connection.
   */
  private static void release(Connection connection) {
    try (connection) {
      connection.rollback();
    } catch (SQLException e) {
      // the pool discards a connection it cannot reset; nothing was written
    }
  }

  Optional<Todo> find(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return queryOne(connection, FIND, id);
    }
  }

  Todo create(TodoFields fields) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(INSERT)) {
      bindFields(statement, fields);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return todo(rows);
      }
    }
  }

  /** Applies the update under a row lock; {@code updated_at} moves only if a field changes. */
  Optional<Todo> update(long id, TodoUpdate update) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Optional<Todo> current = queryOne(connection, LOCK, id);
        Optional<Todo> result = current;
        if (current.isPresent()) {
          TodoFields changed = update.applyTo(current.get().fields());
          if (!changed.equals(current.get().fields())) {
            try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
              bindFields(statement, changed);
              statement.setLong(5, id);
              try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                result = Optional.of(todo(rows));
              }
            }
          }
        }
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  Optional<Todo> delete(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return queryOne(connection, DELETE, id);
    }
  }

  private static Optional<Todo> queryOne(Connection connection, String sql, long id)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(todo(rows)) : Optional.empty();
      }
    }
  }

  private static void bindFields(PreparedStatement statement, TodoFields fields)
      throws SQLException {
    statement.setString(1, fields.title());
    statement.setString(2, fields.description());
    statement.setBoolean(3, fields.completed());
    statement.setObject(4, fields.deadlineAt(), Types.TIMESTAMP);
  }

  /**
   * A row of {@link #COLUMNS}, read by position: a lookup by name makes pgjdbc build a map of the
   * column names for every result set, and most requests read a single row.
   */
  private static Todo todo(ResultSet row) throws SQLException {
    return new Todo(
        row.getLong(1),
        row.getString(2),
        row.getString(3),
        row.getBoolean(4),
        row.getObject(5, LocalDateTime.class),
        row.getObject(6, LocalDateTime.class),
        row.getObject(7, LocalDateTime.class));
  }
}
