package io.taskoverflow.todo.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one JSON configuration of the service: snake_case names, timestamps as clients parse them.
 */
public final class Json {

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  private Json() {}

  public static ObjectMapper mapper() {
    SimpleModule timestamps = new SimpleModule().addSerializer(new TimestampSerializer());
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .addModule(timestamps)
        .build();
  }

  /**
   * Naive UTC ISO-8601, with microseconds only when they are non-zero and no zone suffix: the
   * format of the original service, which existing clients parse.
   */
  public static String timestamp(LocalDateTime utc) {
    LocalDateTime micros = utc.truncatedTo(ChronoUnit.MICROS);
    return (micros.getNano() == 0 ? SECONDS : MICROS).format(micros);
  }

  private static final class TimestampSerializer extends StdSerializer<LocalDateTime> {
    TimestampSerializer() {
      super(LocalDateTime.class);
    }

    @Override
    public void serialize(LocalDateTime value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(timestamp(value));
    }
  }
}
