package io.taskoverflow.todo.todos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeadlinesTest {

  @ParameterizedTest
  @CsvSource({
    "2026-03-01, 2026-03-01T00:00",
    "2026-03-01T10:00, 2026-03-01T10:00",
    "2026-03-01 10:00:00.000, 2026-03-01T10:00",
    "2026-03-01T10:00:00Z, 2026-03-01T10:00",
    "2026-03-01T10:00:00+05:30, 2026-03-01T04:30",
    "2026-03-01 00:30-02:00, 2026-03-01T02:30",
    "2026-03-01T10:00:00.1234567, 2026-03-01T10:00:00.123456"
  })
  void parses_iso_forms_to_naive_utc(String text, String expected) {
    assertThat(Deadlines.parse(text)).contains(LocalDateTime.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "tomorrow",
        "2026-13-01",
        "2026-02-29",
        "2026-03-01T25:00",
        "01/03/2026",
        "0000-01-01",
        "+10000-01-01"
      })
  void rejects_what_is_not_a_valid_date(String text) {
    assertThat(Deadlines.parse(text)).isEmpty();
  }
}
