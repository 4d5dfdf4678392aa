package io.taskoverflow.todo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskoverflow.testing.PostgresServer;
import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.ApiClient.Response;
import io.taskoverflow.todo.testsupport.AppOnDatabase;
import io.taskoverflow.todo.testsupport.TodoAppExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A database the original TaskOverflow (Flask, SQLAlchemy's {@code create_all}) made is taken over
 * as it is: its todos are served unchanged, and new ones are created, changed and deleted. Its
 * table has no column defaults (SQLAlchemy set them in the client), an integer id from a sequence,
 * and no Flyway history. Whoever made the table, the app must own it to migrate it: the operator
 * hands a database's tables over to the app's role before the app starts.
 */
class OriginalSchemaIT {

  private static final String TODOS = "api/v1/todos";
  private static final String PASSWORD = "secret";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What SQLAlchemy's {@code create_all()} made of the original model, verbatim. */
  private static final String ORIGINAL_TABLE =
      """
      CREATE TABLE todos (
          id SERIAL NOT NULL,
          title VARCHAR(80) NOT NULL,
          description VARCHAR(120),
          completed BOOLEAN NOT NULL,
          deadline_at TIMESTAMP WITHOUT TIME ZONE,
          created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
          updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
          PRIMARY KEY (id)
      )""";

  /** As the original inserted: every column but the id given by the client. */
  private static final String ORIGINAL_INSERT =
      "INSERT INTO todos (title, description, completed, deadline_at, created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  /**
   * The original's three todos as the API renders them, newest first: ids 2 and 3 were created in
   * the same microsecond, so the higher id comes first.
   */
  private static final String ORIGINAL_TODOS =
      """
      [{"id": 3, "title": "Call Alice", "description": "", "completed": false,
        "deadline_at": "2030-06-01T10:00:00",
        "created_at": "2024-02-01T12:30:45.123456", "updated_at": "2024-02-01T12:30:45.123456"},
       {"id": 2, "title": "File taxes", "description": "before the deadline", "completed": true,
        "deadline_at": "2024-04-15T23:59:00",
        "created_at": "2024-02-01T12:30:45.123456", "updated_at": "2024-03-02T09:00:00.500000"},
       {"id": 1, "title": "Buy milk", "description": null, "completed": false,
        "deadline_at": null,
        "created_at": "2024-01-10T08:00:00", "updated_at": "2024-01-10T08:00:00"}]""";

  @Test
  void a_table_the_original_made_as_the_apps_login_is_taken_over_as_it_is() throws Exception {
    String uri = originalDatabase("original_own", "original_own");
    assertTakenOver(uri, "original_own");
  }

  @Test
  void a_table_another_role_made_is_taken_over_once_handed_to_the_apps_login() throws Exception {
    String uri = originalDatabase("original_handed", "original_handed_maker");
    try (Connection superuser = postgres().superuser("original_handed");
        Statement statement = superuser.createStatement()) {
      // What the operator does before the app starts; the serial's sequence goes with its table.
      statement.execute("ALTER TABLE todos OWNER TO original_handed");
    }
    assertTakenOver(uri, "original_handed");
  }

  @Test
  void a_table_another_role_still_owns_stops_the_migration_naming_the_table() throws Exception {
    String uri = originalDatabase("original_kept", "original_kept_maker");
    assertThatThrownBy(() -> Database.migration(DatabaseUri.parse(uri)).migrate())
        .hasMessageContaining("must be owner of table todos");
  }

  /**
   * The app on {@code uri} serves the original's todos unchanged, and changes them as it should.
   */
  private static void assertTakenOver(String uri, String database) throws Exception {
    try (AppOnDatabase app = AppOnDatabase.start(uri)) {
      ApiClient api = app.api();
      JsonNode original = json(ORIGINAL_TODOS);

      Response list = api.get(TODOS);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json()).isEqualTo(original);
      assertThat(api.get(TODOS + "/2").json()).isEqualTo(original.get(1));
      assertThat(api.get(TODOS + "?completed=true").json()).containsExactly(original.get(1));
      assertThat(api.get(TODOS + "/4294967296").status())
          .as("an id beyond the integer column")
          .isEqualTo(404);

      LocalDateTime before = nowUtc().minusSeconds(5);
      Response created = api.post(TODOS, "{\"title\":\"After the move\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      JsonNode todo = created.json();
      assertThat(todo.path("id").asLong()).isGreaterThan(3);
      assertThat(todo.path("completed").asBoolean(true)).isFalse();
      assertThat(LocalDateTime.parse(todo.path("created_at").asText()))
          .isBetween(before, nowUtc().plusSeconds(5));
      assertThat(todo.path("updated_at")).isEqualTo(todo.path("created_at"));
      assertThat(api.get(TODOS).json())
          .containsExactly(todo, original.get(0), original.get(1), original.get(2));

      Response completed = api.put(TODOS + "/1", "{\"completed\":true}");
      assertThat(completed.status()).as(completed.body()).isEqualTo(200);
      assertThat(completed.json().path("id").asLong()).isEqualTo(1);
      assertThat(completed.json().path("title").asText()).isEqualTo("Buy milk");
      assertThat(completed.json().path("completed").asBoolean()).isTrue();
      assertThat(completed.json().path("created_at").asText()).isEqualTo("2024-01-10T08:00:00");
      assertThat(LocalDateTime.parse(completed.json().path("updated_at").asText()))
          .isBetween(before, nowUtc().plusSeconds(5));
      assertThat(api.put(TODOS + "/3", "{}").json()).isEqualTo(original.get(0));
      assertThat(api.send(TODOS + "/3", "PATCH", "application/json", "{}").status())
          .as("PATCH is no route of the contract")
          .isEqualTo(405);

      Response deleted = api.delete(TODOS + "/2");
      assertThat(deleted.status()).isEqualTo(200);
      assertThat(deleted.json()).isEqualTo(original.get(1));
      assertThat(api.get(TODOS + "/2").status()).isEqualTo(404);
      assertThat(api.delete(TODOS + "/2").json()).isEqualTo(json("{}"));
      assertThat(api.post(TODOS, "{\"title\":\"next\"}").json().path("id").asLong())
          .isGreaterThan(todo.path("id").asLong());
    }
    assertSameSchemaAsANewDatabase(database);
  }

  /**
   * Apart from its id (an integer from a sequence, where a new table has a bigint identity), the
   * taken-over table is what the migration makes of an empty database: the same columns, defaults
   * and indexes.
   */
  private static void assertSameSchemaAsANewDatabase(String database) throws SQLException {
    String columns =
        "SELECT column_name, data_type, character_maximum_length, is_nullable, column_default"
            + " FROM information_schema.columns"
            + " WHERE table_schema = 'public' AND table_name = 'todos' AND column_name <> 'id'"
            + " ORDER BY column_name";
    String indexes =
        "SELECT indexdef FROM pg_indexes"
            + " WHERE schemaname = 'public' AND tablename = 'todos' ORDER BY indexname";
    try (Connection taken = postgres().superuser(database);
        Connection fresh = postgres().superuser(TodoAppExtension.DB_NAME)) {
      assertThat(rows(taken, columns)).isEqualTo(rows(fresh, columns));
      assertThat(rows(taken, indexes)).isEqualTo(rows(fresh, indexes));
    }
  }

  /**
   * A database {@code name} owned by the app's login {@code name}, whose table role {@code maker}
   * made and filled as the original app did.
   */
  private static String originalDatabase(String name, String maker) throws SQLException {
    String uri = TodoAppExtension.createDatabase(name, PASSWORD);
    try (Connection superuser = postgres().superuser(name);
        Statement statement = superuser.createStatement()) {
      if (!maker.equals(name)) {
        statement.execute("CREATE ROLE " + maker);
        statement.execute("GRANT CREATE ON SCHEMA public TO " + maker);
      }
      statement.execute("SET ROLE " + maker);
      statement.execute(ORIGINAL_TABLE);
      insert(
          superuser, "Buy milk", null, false, null, "2024-01-10T08:00:00", "2024-01-10T08:00:00");
      insert(
          superuser,
          "File taxes",
          "before the deadline",
          true,
          "2024-04-15T23:59:00",
          "2024-02-01T12:30:45.123456",
          "2024-03-02T09:00:00.5");
      insert(
          superuser,
          "Call Alice",
          "",
          false,
          "2030-06-01T10:00:00",
          "2024-02-01T12:30:45.123456",
          "2024-02-01T12:30:45.123456");
      statement.execute("RESET ROLE");
    }
    return uri;
  }

  private static void insert(
      Connection connection,
      String title,
      String description,
      boolean completed,
      String deadlineAt,
      String createdAt,
      String updatedAt)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(ORIGINAL_INSERT)) {
      statement.setString(1, title);
      statement.setString(2, description);
      statement.setBoolean(3, completed);
      statement.setObject(
          4, deadlineAt == null ? null : LocalDateTime.parse(deadlineAt), Types.TIMESTAMP);
      statement.setObject(5, LocalDateTime.parse(createdAt));
      statement.setObject(6, LocalDateTime.parse(updatedAt));
      statement.executeUpdate();
    }
  }

  private static List<List<String>> rows(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      int width = result.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int column = 1; column <= width; column++) {
          row.add(result.getString(column));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static PostgresServer postgres() {
    return TodoAppExtension.postgres();
  }

  private static LocalDateTime nowUtc() {
    return LocalDateTime.now(ZoneOffset.UTC);
  }

  private static JsonNode json(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }
}
