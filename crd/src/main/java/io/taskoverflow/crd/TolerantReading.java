package io.taskoverflow.crd;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskoverflow.crd.spec.TaskOverflowSpec;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import java.io.IOException;

/**
 * A part of a stored resource (its spec or status) read into the model, or why it could not be. The
 * API server validates a resource when it is written, not when the CRD changes: an object written
 * under a laxer CRD stays as it was. Reading never fails, because one object that fails would stop
 * the informer, and with it the operator, for every resource it watches.
 *
 * @param stored the JSON as stored, kept so that a copy of the resource reads the same
 * @param value the model of it, or null when it cannot be read
 * @param problem why it cannot be read, or null
 */
record TolerantReading<T>(JsonNode stored, T value, UnreadableField problem) {

  /** Reads with the context's own settings, so the result is what plain reading would give. */
  private abstract static class Reader<T> extends JsonDeserializer<TolerantReading<T>> {

    private final String field;
    private final Class<T> type;

    Reader(String field, Class<T> type) {
      this.field = field;
      this.type = type;
    }

    @Override
    public TolerantReading<T> deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonNode stored = context.readTree(parser);
      try {
        return new TolerantReading<>(stored, context.readTreeAsValue(stored, type), null);
      } catch (IOException | RuntimeException e) {
        return new TolerantReading<>(stored, null, UnreadableField.of(field, e));
      }
    }
  }

  static final class SpecReader extends Reader<TaskOverflowSpec> {
    SpecReader() {
      super("spec", TaskOverflowSpec.class);
    }
  }

  static final class StatusReader extends Reader<TaskOverflowStatus> {
    StatusReader() {
      super("status", TaskOverflowStatus.class);
    }
  }
}
