package io.taskoverflow.todo.todos;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/**
 * Parses the ISO-8601 forms clients send for {@code deadline_at} ({@code 2026-03-01}, {@code
 * 2026-03-01T10:00}, {@code 2026-03-01 10:00:00.000}, each with or without an offset) into naive
 * UTC.
 */
final class Deadlines {

  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
          .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
          .parseDefaulting(ChronoField.NANO_OF_SECOND, 0)
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  private Deadlines() {}

  static Optional<LocalDateTime> parse(String text) {
    String iso = text.strip();
    // Python's isoformat() and many clients separate date and time with a space.
    if (iso.length() > 10 && iso.charAt(10) == ' ') {
      iso = iso.substring(0, 10) + 'T' + iso.substring(11);
    }
    try {
      TemporalAccessor parsed = ISO.parse(iso);
      LocalDateTime local = LocalDateTime.from(parsed).truncatedTo(ChronoUnit.MICROS);
      if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS));
        local = local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      int year = local.getYear();
      return year >= 1 && year <= 9999 ? Optional.of(local) : Optional.empty();
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
