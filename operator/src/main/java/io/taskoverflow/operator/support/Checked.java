package io.taskoverflow.operator.support;

/** A value, or the reason (a CamelCase word) and message of why there is none. */
public record Checked<T>(T value, String reason, String message) {

  public static <T> Checked<T> of(T value) {
    return new Checked<>(value, null, null);
  }

  public static <T> Checked<T> problem(String reason, String message) {
    return new Checked<>(null, reason, message);
  }

  public boolean isPresent() {
    return value != null;
  }
}
