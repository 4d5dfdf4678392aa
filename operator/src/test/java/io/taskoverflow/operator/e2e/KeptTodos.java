package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * The todos a scenario leaves through the API before it restarts, deletes or re-creates something:
 * one kept and marked completed, one deleted, both titled with a marker of this run. {@link
 * #assertNothingLost} checks that exactly that state is still there.
 */
final class KeptTodos {

  private static final ObjectMapper JSON = new ObjectMapper();

  final String marker;
  final long keepId;
  final long dropId;

  private KeptTodos(String marker, long keepId, long dropId) {
    this.marker = marker;
    this.keepId = keepId;
    this.dropId = dropId;
  }

  /**
   * The todo API, step by step (create, read, update, delete, an invalid create), each answer
   * checked.
   */
  static KeptTodos create(TodoService service) {
    String marker =
        "e2e-" + System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 6);
    TodoService.Answer keep =
        service.request(
            "POST",
            "/api/v1/todos",
            "{\"title\":\"" + marker + " keep\",\"description\":\"must survive restarts\"}");
    assertThat(keep.status()).as("create a todo: %s", keep).isEqualTo(201);
    TodoService.Answer drop =
        service.request("POST", "/api/v1/todos", "{\"title\":\"" + marker + " drop\"}");
    assertThat(drop.status()).as("create a second todo: %s", drop).isEqualTo(201);
    long keepId = json(keep.body()).path("id").asLong(-1);
    long dropId = json(drop.body()).path("id").asLong(-1);
    assertThat(keepId).as("the first todo has an id: %s", keep.body()).isPositive();
    assertThat(dropId)
        .as("the created todos have distinct ids: %s, %s", keepId, dropId)
        .isPositive()
        .isNotEqualTo(keepId);
    TodoService.Answer read = service.get("/api/v1/todos/" + keepId);
    assertThat(read.status()).as("read it back: %s", read).isEqualTo(200);
    TodoService.Answer completed =
        service.request("PUT", "/api/v1/todos/" + keepId, "{\"completed\":true}");
    assertThat(completed.status()).as("mark it completed: %s", completed).isEqualTo(200);
    TodoService.Answer deleted = service.request("DELETE", "/api/v1/todos/" + dropId, null);
    assertThat(deleted.status()).as("delete the second: %s", deleted).isEqualTo(200);
    TodoService.Answer empty = service.request("POST", "/api/v1/todos", "{\"title\":\"\"}");
    assertThat(empty.status()).as("an empty title is refused: %s", empty).isEqualTo(400);
    return new KeptTodos(marker, keepId, dropId);
  }

  /**
   * The kept todo is there with its title and update, the deleted one stays deleted, and the list
   * holds exactly the kept todo of this run. The first read is retried for a minute: right after a
   * restart the service may still be reconnecting.
   */
  void assertNothingLost(TodoService service, String when) {
    TodoService.Answer kept = service.get("/api/v1/todos/" + keepId);
    for (int attempt = 1; attempt < 30 && kept.status() != 200; attempt++) {
      TodoService.sleep(Duration.ofSeconds(2));
      kept = service.get("/api/v1/todos/" + keepId);
    }
    assertThat(kept.status()).as("%s: the kept todo is still there: %s", when, kept).isEqualTo(200);
    JsonNode todo = json(kept.body());
    assertThat(todo.path("title").asText())
        .as("%s: its title changed: %s", when, kept.body())
        .isEqualTo(marker + " keep");
    assertThat(todo.path("completed").asBoolean())
        .as("%s: its update was lost: %s", when, kept.body())
        .isTrue();
    TodoService.Answer dropped = service.get("/api/v1/todos/" + dropId);
    assertThat(dropped.status())
        .as("%s: the deleted todo stays deleted: %s", when, dropped)
        .isEqualTo(404);
    TodoService.Answer list = service.get("/api/v1/todos");
    assertThat(list.status()).as("%s: the list answers: %s", when, list).isEqualTo(200);
    assertThat(titlesOfThisRun(list.body()))
        .as("%s: the list should hold exactly the kept todo of this run: %s", when, list.body())
        .containsExactly(marker + " keep");
  }

  /** The distinct titles {@code <marker> <letters>} in a todo list. */
  Set<String> titlesOfThisRun(String listBody) {
    Pattern ofThisRun = Pattern.compile(Pattern.quote(marker) + " [a-z]*");
    Set<String> titles = new TreeSet<>();
    StreamSupport.stream(json(listBody).spliterator(), false)
        .map(todo -> todo.path("title").asText())
        .filter(title -> ofThisRun.matcher(title).matches())
        .forEach(titles::add);
    return titles;
  }

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }
}
