package io.taskoverflow.operator.aws;

import java.util.Map;

/**
 * What each RDS instance status means here, in one table: whether the database serves connections,
 * and whether the status ends only by someone's action (so the poller need not hurry and
 * DatabaseReady asks the user to act). A status not listed is AWS at work: it ends by itself.
 */
public final class RdsStatuses {

  enum Meaning {
    /** Serving, and nothing under way. */
    AVAILABLE,
    /** Serving while AWS works on the instance. */
    SERVING,
    /** Not serving until the user acts (more storage, another parameter, a start). */
    NEEDS_USER
  }

  private static final Map<String, Meaning> TABLE =
      Map.ofEntries(
          Map.entry("available", Meaning.AVAILABLE),
          Map.entry("backing-up", Meaning.SERVING),
          Map.entry("modifying", Meaning.SERVING),
          Map.entry("storage-optimization", Meaning.SERVING),
          Map.entry("configuring-enhanced-monitoring", Meaning.SERVING),
          Map.entry("configuring-iam-database-auth", Meaning.SERVING),
          Map.entry("configuring-log-exports", Meaning.SERVING),
          Map.entry("resetting-master-credentials", Meaning.SERVING),
          Map.entry("renaming", Meaning.SERVING),
          Map.entry("stopped", Meaning.NEEDS_USER),
          Map.entry("failed", Meaning.NEEDS_USER),
          Map.entry("storage-full", Meaning.NEEDS_USER),
          Map.entry("incompatible-parameters", Meaning.NEEDS_USER),
          Map.entry("incompatible-network", Meaning.NEEDS_USER),
          Map.entry("incompatible-option-group", Meaning.NEEDS_USER),
          Map.entry("incompatible-restore", Meaning.NEEDS_USER),
          Map.entry("inaccessible-encryption-credentials", Meaning.NEEDS_USER),
          Map.entry("inaccessible-encryption-credentials-recoverable", Meaning.NEEDS_USER),
          Map.entry("restore-error", Meaning.NEEDS_USER),
          Map.entry("insufficient-capacity", Meaning.NEEDS_USER));

  private RdsStatuses() {}

  /** The database accepts connections in this status. */
  public static boolean serves(String status) {
    Meaning meaning = TABLE.get(status);
    return meaning == Meaning.AVAILABLE || meaning == Meaning.SERVING;
  }

  /** The status lasts until the user acts. */
  public static boolean needsUser(String status) {
    return TABLE.get(status) == Meaning.NEEDS_USER;
  }

  /** Nothing will change by itself: available, or waiting for the user. */
  public static boolean settled(String status) {
    return TABLE.get(status) == Meaning.AVAILABLE || needsUser(status);
  }
}
