package io.taskoverflow.todo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

  @ParameterizedTest
  @CsvSource({
    "2026-11-26T19:01:56.597449, 2026-11-26T19:01:56.597449",
    "2026-11-26T19:01:56, 2026-11-26T19:01:56",
    "2026-11-26T19:01:56.5, 2026-11-26T19:01:56.500000",
    "2026-11-26T19:01, 2026-11-26T19:01:00",
    "2026-11-26T19:01:56.000000999, 2026-11-26T19:01:56"
  })
  void timestamps_are_naive_iso_with_microseconds_only_when_non_zero(String in, String out) {
    assertThat(Json.timestamp(LocalDateTime.parse(in))).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({
    "application/json, true",
    "application/json; charset=utf-8, true",
    "Application/JSON, true",
    "application/merge-patch+json, true",
    "text/plain, false",
    "text/json-ish, false"
  })
  void json_media_types_are_recognised(String contentType, boolean json) {
    assertThat(JsonBody.isJson(contentType)).isEqualTo(json);
  }
}
