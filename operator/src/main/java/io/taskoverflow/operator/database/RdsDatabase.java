package io.taskoverflow.operator.database;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mode RDS: whether the instance can be used and how the todo service connects to it. The app is
 * deployed only once the instance has been available with an endpoint and the master credentials
 * are known; afterwards routine work (backups, a modification) does not take it away again.
 */
public final class RdsDatabase {

  /**
   * RDS for PostgreSQL 15+ refuses unencrypted connections (rds.force_ssl); older ones allow TLS.
   */
  static final String PARAMETERS = "sslmode=require";

  /** Statuses in which the database keeps serving connections. */
  private static final Set<String> SERVING =
      Set.of(
          "available",
          "backing-up",
          "modifying",
          "storage-optimization",
          "configuring-enhanced-monitoring",
          "configuring-iam-database-auth",
          "configuring-log-exports",
          "resetting-master-credentials",
          "renaming");

  /** Statuses that last until the user acts (more storage, another parameter, a new instance). */
  private static final Set<String> NEEDS_USER =
      Set.of(
          "failed",
          "storage-full",
          "incompatible-parameters",
          "incompatible-network",
          "incompatible-option-group",
          "incompatible-restore",
          "inaccessible-encryption-credentials",
          "restore-error",
          "stopped");

  private RdsDatabase() {}

  /** The connection details, once the instance has an endpoint and the credentials are known. */
  public static Optional<DatabaseConnection> connection(
      TaskOverflow resource, RdsInstance instance, Checked<RdsCredentials> credentials) {
    if (instance.endpoint() == null || instance.port() == null || !credentials.isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        new DatabaseConnection(
            instance.endpoint(),
            instance.port(),
            resource.getSpec().database().name(),
            credentials.value().username(),
            credentials.value().password(),
            PARAMETERS));
  }

  public static DatabaseReadiness readiness(
      TaskOverflow resource, Optional<RdsOutcome> found, Checked<RdsCredentials> credentials) {
    if (found.isEmpty()) {
      return DatabaseReadiness.notReady(
          "InstanceUnknown", "the RDS instance was not reconciled", null, null, "unknown");
    }
    RdsOutcome outcome = found.get();
    Optional<RdsInstance> instance = outcome.instance();
    String endpoint = instance.map(RdsInstance::endpoint).orElse(null);
    Integer port = instance.map(RdsInstance::port).orElse(null);
    String status = instance.map(RdsInstance::status).orElse(null);
    String version = instance.map(RdsInstance::engineVersion).orElse(null);
    DatabaseReadiness readiness;
    if (outcome.problem().isPresent()) {
      RdsProblem problem = outcome.problem().get();
      readiness =
          problem.actionRequired()
              ? DatabaseReadiness.actionRequired(
                  problem.reason(), problem.message(), endpoint, port, status)
              : DatabaseReadiness.notReady(
                  problem.reason(), problem.message(), endpoint, port, status);
    } else if (instance.isEmpty()) {
      readiness =
          DatabaseReadiness.notReady(
              "InstanceCreating",
              "creating RDS instance " + outcome.identifier() + " (this takes several minutes)",
              null,
              null,
              "creating");
    } else {
      readiness = fromStatus(resource, instance.get(), outcome, credentials);
    }
    return readiness.withInstance(
        outcome.identifier(), version, status == null ? readiness.state() : status);
  }

  private static DatabaseReadiness fromStatus(
      TaskOverflow resource,
      RdsInstance instance,
      RdsOutcome outcome,
      Checked<RdsCredentials> credentials) {
    String name = "RDS instance " + instance.identifier();
    String status = instance.status();
    if (NEEDS_USER.contains(status)) {
      return DatabaseReadiness.actionRequired(
          "Instance" + camel(status),
          name + " is " + status + " and needs attention in AWS",
          instance.endpoint(),
          instance.port(),
          status);
    }
    if (!SERVING.contains(status) || instance.endpoint() == null) {
      return DatabaseReadiness.notReady(
          "creating".equals(status) ? "InstanceCreating" : "InstanceNotAvailable",
          name + " is " + status,
          instance.endpoint(),
          instance.port(),
          status);
    }
    if (!credentials.isPresent()) {
      return new DatabaseReadiness(
          false,
          credentials.reason(),
          credentials.message(),
          !"MasterSecretPending".equals(credentials.reason()),
          instance.endpoint(),
          instance.port(),
          status,
          null,
          null);
    }
    StringBuilder message = new StringBuilder(name).append(" is ").append(status);
    message.append(" (PostgreSQL ").append(instance.engineVersion()).append(")");
    if (!instance.pending().isEmpty()) {
      message
          .append("; pending until the next maintenance window: ")
          .append(instance.pending().describe());
    }
    if (outcome.activity() != null) {
      message.append("; ").append(outcome.activity());
    }
    return DatabaseReadiness.ready(instance.endpoint(), instance.port(), message.toString());
  }

  /** storage-full -> StorageFull */
  private static String camel(String status) {
    return Arrays.stream(status.split("-"))
        .map(
            word -> word.isEmpty() ? "" : Character.toUpperCase(word.charAt(0)) + word.substring(1))
        .collect(Collectors.joining());
  }
}
