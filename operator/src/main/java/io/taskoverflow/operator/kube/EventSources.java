package io.taskoverflow.operator.kube;

/** Names of the event sources that several parts of the operator read from. */
public final class EventSources {

  /**
   * The Secrets users name in a TaskOverflow ({@code database.external.secretRef}, {@code
   * database.rds.masterSecretRef}), which the operator reads but does not own.
   */
  public static final String USER_SECRETS = "external-database-secret";

  private EventSources() {}
}
