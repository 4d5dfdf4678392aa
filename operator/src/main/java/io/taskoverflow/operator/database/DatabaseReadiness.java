package io.taskoverflow.operator.database;

/**
 * Whether the database can be used, with a reason and a message for the DatabaseReady condition,
 * and where it is for the status.
 *
 * @param actionRequired the database cannot become ready without a change by the user (a missing
 *     Secret, invalid parameters, missing permissions, a failed instance): the phase is Failed
 * @param instanceId the RDS instance identifier, null in other modes
 * @param engineVersion the PostgreSQL version RDS reports, null in other modes
 */
public record DatabaseReadiness(
    boolean ready,
    String reason,
    String message,
    boolean actionRequired,
    String endpoint,
    Integer port,
    String state,
    String instanceId,
    String engineVersion) {

  public static DatabaseReadiness ready(String endpoint, int port, String message) {
    return new DatabaseReadiness(
        true, "DatabaseAvailable", message, false, endpoint, port, "ready", null, null);
  }

  /** Not ready yet; time (or AWS) will change that. */
  public static DatabaseReadiness notReady(
      String reason, String message, String endpoint, Integer port, String state) {
    return new DatabaseReadiness(false, reason, message, false, endpoint, port, state, null, null);
  }

  /** Not ready until the user changes something. */
  public static DatabaseReadiness actionRequired(
      String reason, String message, String endpoint, Integer port, String state) {
    return new DatabaseReadiness(false, reason, message, true, endpoint, port, state, null, null);
  }

  /** The same, held back by what {@code reason} and {@code message} say. */
  public DatabaseReadiness because(String reason, String message) {
    return new DatabaseReadiness(
        ready, reason, message, actionRequired, endpoint, port, state, instanceId, engineVersion);
  }

  /** The same, with the RDS instance it is about. */
  public DatabaseReadiness withInstance(String id, String version, String instanceState) {
    return new DatabaseReadiness(
        ready, reason, message, actionRequired, endpoint, port, instanceState, id, version);
  }
}
