package io.taskoverflow.todo.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.ApiClient.Response;
import io.taskoverflow.todo.testsupport.RawHttp;
import io.taskoverflow.todo.testsupport.RawHttp.Answer;
import io.taskoverflow.todo.testsupport.TodoAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Anything a client can send gets a JSON 4xx that says what is wrong, never a 500. */
@ExtendWith(TodoAppExtension.class)
class BadInputIT {

  private static final String TODOS = "api/v1/todos";

  @ParameterizedTest(name = "POST {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"title\":\"a\",\"owner\":\"me\"}       | extra fields",
        "{\"owner\":\"me\"}                        | extra fields",
        "{}                                        | missing title",
        "{\"description\":\"d\"}                   | missing title",
        "{\"title\":null}                          | title must be a string",
        "{\"title\":5}                             | title must be a string",
        "{\"title\":\"\"}                          | title must be 1 to 80 characters long",
        "{\"title\":\"a\",\"completed\":\"yes\"}   | completed must be true or false",
        "{\"title\":\"a\",\"completed\":1}         | completed must be true or false",
        "{\"title\":\"a\",\"completed\":null}      | completed must be true or false",
        "{\"title\":\"a\",\"description\":5}       | description must be a string or null",
        "{\"title\":\"a\",\"deadline_at\":\"tomorrow\"}   | deadline_at must be an ISO-8601 date",
        "{\"title\":\"a\",\"deadline_at\":\"2026-02-30\"} | deadline_at must be an ISO-8601 date",
        "{\"title\":\"a\",\"deadline_at\":\"0000-01-01\"} | deadline_at must be an ISO-8601 date",
        "{\"title\":\"a\",\"deadline_at\":20260301}       | deadline_at must be an ISO-8601 date",
        "{\"title\":\"a\\u0000b\"}                 | title must not contain NUL characters",
        "[]                                        | request body must be a JSON object",
        "\"title\"                                 | request body must be a JSON object",
        "null                                      | request body must be a JSON object",
        "{                                         | malformed JSON",
        "{\"title\":\"a\"} trailing                | malformed JSON",
        "{\"title\":\"a\",\"title\":\"b\"}         | malformed JSON",
      })
  void invalid_create_is_400_with_a_clear_error(String body, String error, ApiClient api) {
    Response response = api.post(TODOS, body);
    assertErrorJson(response, 400, error);
    assertThat(api.get(TODOS).json()).isEmpty();
  }

  @Test
  void empty_body_is_400(ApiClient api) {
    assertErrorJson(api.post(TODOS, ""), 400, "request body must be a JSON object");
  }

  @Test
  void lengths_are_checked_in_characters(ApiClient api) {
    assertThat(api.post(TODOS, titleOf("é".repeat(80))).status()).isEqualTo(201);
    assertErrorJson(api.post(TODOS, titleOf("a".repeat(81))), 400, "title must be 1 to 80");
    String description = "{\"title\":\"a\",\"description\":\"" + "d".repeat(121) + "\"}";
    assertErrorJson(api.post(TODOS, description), 400, "description must be 0 to 120");
  }

  @Test
  void invalid_update_is_400_and_changes_nothing(ApiClient api) {
    Response created = api.post(TODOS, titleOf("keep"));
    String path = TODOS + "/" + created.json().path("id").asLong();

    assertErrorJson(api.put(path, "{\"title\":null}"), 400, "title must be a string");
    assertErrorJson(api.put(path, "{\"completed\":\"yes\"}"), 400, "completed must be");
    assertErrorJson(api.put(path, "{\"title\":\"new\",\"id\":7}"), 400, "extra fields");
    assertErrorJson(api.put(path, "[1]"), 400, "request body must be a JSON object");

    assertThat(api.get(path).json()).isEqualTo(created.json());
  }

  @ParameterizedTest
  @CsvSource(value = {"text/plain", "application/x-www-form-urlencoded", "NONE"})
  void non_json_content_type_is_415(String contentType, ApiClient api) {
    String type = contentType.equals("NONE") ? null : contentType;
    assertErrorJson(
        api.send(TODOS, "POST", type, titleOf("a")), 415, "Content-Type must be application/json");
  }

  @Test
  void json_content_type_with_charset_is_accepted(ApiClient api) {
    Response response = api.send(TODOS, "POST", "application/json; charset=utf-8", titleOf("a"));
    assertThat(response.status()).isEqualTo(201);
  }

  @Test
  void oversized_body_is_413(ApiClient api) {
    String huge = titleOf("a".repeat(200_000));
    assertErrorJson(api.post(TODOS, huge), 413, "request body too large");
  }

  @Test
  void oversized_chunked_body_without_a_length_is_413(ApiClient api) {
    String huge = titleOf("a".repeat(200_000));
    assertErrorJson(api.postChunked(TODOS, huge), 413, "request body too large");
  }

  @Test
  void small_chunked_body_is_accepted(ApiClient api) {
    assertThat(api.postChunked(TODOS, titleOf("chunked")).status()).isEqualTo(201);
  }

  @ParameterizedTest
  @CsvSource({"api/v1/nothing", "nothing/here", "api/v2/todos"})
  void unknown_route_is_404_json(String path, ApiClient api) {
    assertErrorJson(api.get(path), 404, "not found");
  }

  @Test
  void wrong_method_is_405_with_allow(ApiClient api) {
    Response onCollection = api.delete(TODOS);
    assertErrorJson(onCollection, 405, "method not allowed");
    assertThat(onCollection.header("Allow"))
        .hasValueSatisfying(
            allow -> assertThat(allow).contains("GET").contains("POST").doesNotContain("DELETE"));

    Response onItem = api.send(TODOS + "/1", "PATCH", "application/json", "{}");
    assertErrorJson(onItem, 405, "method not allowed");
    assertThat(onItem.header("Allow"))
        .hasValueSatisfying(
            allow -> assertThat(allow).contains("GET").contains("PUT").contains("DELETE"));
  }

  /** What the HTTP server refuses before routing is answered in the API's JSON shape too. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "NUL in the path        | 400 | GET /api/v1/todos/%00 HTTP/1.1",
        "malformed request line | 400 | GET /api/v1/todos HTTP/1.1 extra",
        "unknown HTTP version   | 505 | GET /api/v1/todos HTTP/7.0",
        "URI too long           | 414 | GET /api/v1/todos?q=LONG HTTP/1.1",
      })
  void refused_before_routing_is_json(String what, int status, String requestLine, ApiClient api) {
    String line = requestLine.replace("LONG", "x".repeat(20_000));
    Answer answer = RawHttp.send(api.base(), line + "\r\nHost: test\r\nConnection: close\r\n\r\n");
    assertRawErrorJson(answer, status);
  }

  @Test
  void header_without_a_colon_is_400_json(ApiClient api) {
    Answer answer =
        RawHttp.send(
            api.base(),
            "GET /api/v1/todos HTTP/1.1\r\nHost: test\r\nno colon here\r\nConnection: close\r\n\r\n");
    assertRawErrorJson(answer, 400);
  }

  @Test
  void oversized_headers_are_431_json(ApiClient api) {
    Answer answer =
        RawHttp.send(
            api.base(),
            "GET /api/v1/todos HTTP/1.1\r\nHost: test\r\nX-Big: "
                + "x".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
    assertRawErrorJson(answer, 431);
  }

  private static void assertRawErrorJson(Answer answer, int status) {
    assertThat(answer.status()).as(answer.head()).isEqualTo(status);
    assertThat(answer.header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(answer.body()).startsWith("{\"error\":\"").endsWith("\"}").doesNotContain("<");
  }

  private static String titleOf(String title) {
    return "{\"title\":\"" + title + "\"}";
  }

  static void assertErrorJson(Response response, int status, String errorPrefix) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.json().size()).isEqualTo(1);
    assertThat(response.error()).startsWith(errorPrefix);
  }
}
