package io.taskoverflow.todo.todos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.ApiClient.Response;
import io.taskoverflow.todo.testsupport.TodoAppExtension;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(TodoAppExtension.class)
class TodoApiIT {

  private static final String TODOS = "api/v1/todos";
  private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?";

  @Test
  void health_is_ok_and_ready_when_the_database_answers(ApiClient api) {
    Response health = api.get("api/v1/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("ok");
    assertThat(api.get("api/v1/ready").status()).isEqualTo(200);
  }

  @Test
  void post_creates_a_todo_with_defaults_and_server_timestamps(ApiClient api) {
    Response created = api.post(TODOS, "{\"title\":\"Write report\"}");

    assertThat(created.status()).isEqualTo(201);
    JsonNode todo = created.json();
    assertThat(todo.path("id").isIntegralNumber()).isTrue();
    assertThat(todo.path("title").asText()).isEqualTo("Write report");
    assertThat(todo.path("description").isNull()).isTrue();
    assertThat(todo.path("completed").asBoolean(true)).isFalse();
    assertThat(todo.path("deadline_at").isNull()).isTrue();
    assertThat(todo.path("created_at").asText()).matches(TIMESTAMP);
    assertThat(todo.path("updated_at").asText()).isEqualTo(todo.path("created_at").asText());
    assertThat(api.get(TODOS + "/" + todo.path("id").asLong()).json()).isEqualTo(todo);
  }

  @Test
  void created_at_is_utc_now(ApiClient api) {
    LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).minusSeconds(5);
    String createdAt = create(api, "{\"title\":\"t\"}").path("created_at").asText();
    LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC).plusSeconds(5);
    assertThat(LocalDateTime.parse(createdAt)).isBetween(before, after);
  }

  @Test
  void list_is_newest_first(ApiClient api) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(create(api, "{\"title\":\"todo " + i + "\"}").path("id").asLong());
    }
    Response list = api.get(TODOS);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().findValuesAsText("id"))
        .containsExactly(ids.get(2) + "", ids.get(1) + "", ids.get(0) + "");
  }

  @Test
  void completed_filters_by_value(ApiClient api) {
    long open = create(api, "{\"title\":\"open\"}").path("id").asLong();
    long done = create(api, "{\"title\":\"done\",\"completed\":true}").path("id").asLong();

    assertThat(ids(api.get(TODOS + "?completed=true"))).containsExactly(done);
    assertThat(ids(api.get(TODOS + "?completed=false"))).containsExactly(open);
    assertThat(api.get(TODOS + "?completed=yes").status()).isEqualTo(400);
    assertThat(api.get(TODOS + "?completed=yes").error()).contains("completed");
  }

  @Test
  void window_keeps_deadlines_within_n_days_including_overdue(ApiClient api) {
    long overdue = create(api, deadlineTodo(-1, false)).path("id").asLong();
    long soon = create(api, deadlineTodo(2, true)).path("id").asLong();
    create(api, deadlineTodo(10, false));
    create(api, "{\"title\":\"no deadline\"}");

    assertThat(ids(api.get(TODOS + "?window=3"))).containsExactly(soon, overdue);
    assertThat(ids(api.get(TODOS + "?window=0"))).containsExactly(overdue);
    assertThat(ids(api.get(TODOS + "?window=3&completed=true"))).containsExactly(soon);
    assertThat(ids(api.get(TODOS + "?window=99999999999"))).hasSize(3);
  }

  @ParameterizedTest
  @CsvSource({"-1", "abc", "1.5", "''", "+2"})
  void window_that_is_not_a_non_negative_integer_is_400(String window, ApiClient api) {
    Response response = api.get(TODOS + "?window=" + window);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).contains("window");
  }

  @ParameterizedTest
  @CsvSource({
    "2026-03-01, 2026-03-01T00:00:00",
    "2026-03-01T10:00, 2026-03-01T10:00:00",
    "2026-03-01 10:00:00.000, 2026-03-01T10:00:00",
    "2026-03-01T10:00:00+02:00, 2026-03-01T08:00:00",
    "2026-03-01T23:30:00-01:00, 2026-03-02T00:30:00",
    "2026-03-01T10:00:00.5Z, 2026-03-01T10:00:00.500000",
    "2026-03-01 10:00:00.123456, 2026-03-01T10:00:00.123456"
  })
  void deadline_input_forms_are_stored_as_naive_utc(String input, String stored, ApiClient api) {
    JsonNode todo = create(api, "{\"title\":\"t\",\"deadline_at\":\"" + input + "\"}");
    assertThat(todo.path("deadline_at").asText()).isEqualTo(stored);
  }

  @Test
  void get_unknown_or_non_numeric_id_is_404(ApiClient api) {
    for (String id : List.of("999999", "abc", "-1", "99999999999999999999")) {
      Response response = api.get(TODOS + "/" + id);
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.json().toString()).isEqualTo("{\"error\":\"Todo not found\"}");
    }
  }

  @Test
  void put_changes_only_the_given_keys_and_moves_updated_at(ApiClient api) throws Exception {
    JsonNode todo =
        create(api, "{\"title\":\"t\",\"description\":\"d\",\"deadline_at\":\"2026-03-01\"}");
    Thread.sleep(5);

    Response updated = api.put(TODOS + "/" + todo.path("id").asLong(), "{\"completed\":true}");

    assertThat(updated.status()).isEqualTo(200);
    JsonNode after = updated.json();
    assertThat(after.path("completed").asBoolean()).isTrue();
    assertThat(after.path("title").asText()).isEqualTo("t");
    assertThat(after.path("description").asText()).isEqualTo("d");
    assertThat(after.path("deadline_at").asText()).isEqualTo("2026-03-01T00:00:00");
    assertThat(after.path("created_at")).isEqualTo(todo.path("created_at"));
    assertThat(LocalDateTime.parse(after.path("updated_at").asText()))
        .isAfter(LocalDateTime.parse(todo.path("updated_at").asText()));
  }

  @Test
  void put_without_a_real_change_keeps_updated_at(ApiClient api) throws Exception {
    JsonNode todo = create(api, "{\"title\":\"t\",\"completed\":true}");
    String path = TODOS + "/" + todo.path("id").asLong();
    Thread.sleep(5);

    assertThat(api.put(path, "{}").json()).isEqualTo(todo);
    assertThat(api.put(path, "{\"title\":\"t\",\"completed\":true}").json()).isEqualTo(todo);
  }

  @Test
  void put_null_deadline_clears_it(ApiClient api) {
    JsonNode todo = create(api, "{\"title\":\"t\",\"deadline_at\":\"2026-03-01\"}");
    JsonNode after =
        api.put(TODOS + "/" + todo.path("id").asLong(), "{\"deadline_at\":null}").json();
    assertThat(after.path("deadline_at").isNull()).isTrue();
  }

  @Test
  void put_unknown_id_is_404_but_extra_keys_are_400_first(ApiClient api) {
    Response unknown = api.put(TODOS + "/999999", "{\"title\":\"x\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.error()).isEqualTo("Todo not found");

    Response extra = api.put(TODOS + "/999999", "{\"title\":\"x\",\"owner\":\"me\"}");
    assertThat(extra.status()).isEqualTo(400);
    assertThat(extra.error()).isEqualTo("extra fields");
  }

  @Test
  void delete_returns_the_deleted_todo_and_unknown_id_answers_empty_object(ApiClient api) {
    JsonNode todo = create(api, "{\"title\":\"t\"}");
    String path = TODOS + "/" + todo.path("id").asLong();

    Response deleted = api.delete(path);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json()).isEqualTo(todo);
    assertThat(api.get(path).status()).isEqualTo(404);

    Response again = api.delete(path);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo("{}");
  }

  @Test
  void ids_are_never_reused(ApiClient api) {
    long first = create(api, "{\"title\":\"t\"}").path("id").asLong();
    api.delete(TODOS + "/" + first);
    long second = create(api, "{\"title\":\"t\"}").path("id").asLong();
    assertThat(second).isGreaterThan(first);
  }

  private static JsonNode create(ApiClient api, String json) {
    Response response = api.post(TODOS, json);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  private static String deadlineTodo(int daysFromNow, boolean completed) {
    String deadline =
        LocalDateTime.now(ZoneOffset.UTC)
            .plusDays(daysFromNow)
            .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    return "{\"title\":\"t\",\"completed\":" + completed + ",\"deadline_at\":\"" + deadline + "\"}";
  }

  private static List<Long> ids(Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    response.json().forEach(todo -> ids.add(todo.path("id").asLong()));
    return ids;
  }
}
