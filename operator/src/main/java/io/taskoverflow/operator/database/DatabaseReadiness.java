package io.taskoverflow.operator.database;

/**
 * Whether the database can be used, with a reason and a message for the DatabaseReady condition,
 * and where it is for the status.
 */
public record DatabaseReadiness(
    boolean ready, String reason, String message, String endpoint, Integer port, String state) {

  public static DatabaseReadiness ready(String endpoint, int port, String message) {
    return new DatabaseReadiness(true, "DatabaseAvailable", message, endpoint, port, "ready");
  }

  public static DatabaseReadiness notReady(
      String reason, String message, String endpoint, Integer port, String state) {
    return new DatabaseReadiness(false, reason, message, endpoint, port, state);
  }
}
