package io.taskoverflow.operator.app;

/** Whether every desired replica of the todo service is ready; becomes the AppReady condition. */
public record AppReadiness(
    boolean ready, String reason, String message, int replicas, int readyReplicas) {

  /** The same, held back by what {@code reason} and {@code message} say. */
  public AppReadiness because(String reason, String message) {
    return new AppReadiness(ready, reason, message, replicas, readyReplicas);
  }
}
