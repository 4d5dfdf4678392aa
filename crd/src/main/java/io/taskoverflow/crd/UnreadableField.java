package io.taskoverflow.crd;

import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A stored value the model cannot hold, e.g. {@code memory: ""} or {@code replicas: "two"} written
 * while a laxer CRD was installed: where it is and why it cannot be read.
 *
 * @param field the path from the resource's root, e.g. {@code spec.resources.limits.memory}
 * @param reason what is wrong with it, in the words of the parser
 */
public record UnreadableField(String field, String reason) {

  /** From the failure of reading the object at {@code root} (e.g. "spec"). */
  static UnreadableField of(String root, Exception failure) {
    StringBuilder field = new StringBuilder(root);
    if (failure instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference step : mapping.getPath()) {
        if (step.getFieldName() != null) {
          field.append('.').append(step.getFieldName());
        } else if (step.getIndex() >= 0) {
          field.append('[').append(step.getIndex()).append(']');
        }
      }
    }
    return new UnreadableField(field.toString(), reason(failure));
  }

  /** e.g. "spec.resources.limits.memory cannot be read: Invalid quantity string format passed" */
  public String message() {
    return field + " cannot be read: " + reason;
  }

  /**
   * The deepest message that is not Jackson's wrapper around it (which repeats the reference chain
   * and a source location).
   */
  private static String reason(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof JsonMappingException mapping
            ? mapping.getOriginalMessage()
            : cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    return message.strip();
  }
}
