package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsStatuses;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.support.Checked;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Mode RDS: whether the instance can be used and how the todo service connects to it. The app is
 * deployed only once the instance has been available with an endpoint and the master credentials
 * are known; afterwards routine work (backups, a modification) does not take it away again.
 */
public final class RdsDatabase implements DatabaseProvisioner {

  public static final RdsDatabase PROVISIONER = new RdsDatabase();

  /** What the smallest class (db.t3.micro) allows; a larger one can be named in the spec. */
  private static final int MAX_CONNECTIONS = 80;

  /**
   * RDS for PostgreSQL 15+ refuses unencrypted connections (rds.force_ssl); older ones allow TLS.
   */
  static final String PARAMETERS = "sslmode=require";

  private RdsDatabase() {}

  @Override
  public DatabaseReadiness readiness(TaskOverflow resource, Context<TaskOverflow> context) {
    return readiness(
        resource, RdsObservation.from(context), RdsCredentials.read(resource, context));
  }

  /**
   * The instance's endpoint with the master credentials, once it has an endpoint. While it has none
   * (creating, or a moment without one later) the data stays as it is: emptying it would restart
   * the app for nothing.
   */
  @Override
  public Map<String, String> connectionData(
      TaskOverflow resource, Context<TaskOverflow> context, Map<String, String> current) {
    return RdsObservation.from(context)
        .flatMap(RdsObservation::instance)
        .flatMap(instance -> connection(resource, instance, RdsCredentials.read(resource, context)))
        .map(DatabaseConnection::secretData)
        .orElse(current);
  }

  /** The adopted instance's master credentials, when the spec names them. */
  @Override
  public Optional<String> userSecret(TaskOverflow resource) {
    var rds = resource.getSpec().database().rds();
    return rds == null || rds.masterSecretRef() == null
        ? Optional.empty()
        : Optional.of(rds.masterSecretRef().name());
  }

  @Override
  public int defaultMaxConnections() {
    return MAX_CONNECTIONS;
  }

  @Override
  public boolean needsRecheck() {
    return true;
  }

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
      TaskOverflow resource, Optional<RdsObservation> found, Checked<RdsCredentials> credentials) {
    if (found.isEmpty()) {
      return DatabaseReadiness.notReady(
          "InstanceUnknown", "the RDS instance was not reconciled", null, null, "unknown");
    }
    RdsObservation outcome = found.get();
    Optional<RdsInstance> instance = outcome.instance();
    String endpoint = instance.map(RdsInstance::endpoint).orElse(null);
    Integer port = instance.map(RdsInstance::port).orElse(null);
    String status = instance.map(RdsInstance::status).orElse(null);
    String version = instance.map(RdsInstance::engineVersion).orElse(null);
    DatabaseReadiness readiness;
    if (outcome instanceof RdsObservation.Blocked problem) {
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
      RdsObservation outcome,
      Checked<RdsCredentials> credentials) {
    String name = "RDS instance " + instance.identifier();
    String status = instance.status();
    if (RdsStatuses.needsUser(status)) {
      return DatabaseReadiness.actionRequired(
          "Instance" + camel(status),
          name + " is " + status + " and needs attention in AWS",
          instance.endpoint(),
          instance.port(),
          status);
    }
    if (!RdsStatuses.serves(status) || instance.endpoint() == null) {
      return DatabaseReadiness.notReady(
          "creating".equals(status) ? "InstanceCreating" : "InstanceNotAvailable",
          name + " is " + status,
          instance.endpoint(),
          instance.port(),
          status);
    }
    if (!credentials.isPresent()) {
      // The generated Secret is being written; a Secret of the user's must be fixed by them.
      return "MasterSecretPending".equals(credentials.reason())
          ? DatabaseReadiness.notReady(
              credentials.reason(),
              credentials.message(),
              instance.endpoint(),
              instance.port(),
              status)
          : DatabaseReadiness.actionRequired(
              credentials.reason(),
              credentials.message(),
              instance.endpoint(),
              instance.port(),
              status);
    }
    StringBuilder message = new StringBuilder(name).append(" is ").append(status);
    message.append(" (PostgreSQL ").append(instance.engineVersion()).append(")");
    if (!instance.pending().isEmpty()) {
      message
          .append("; pending until the next maintenance window: ")
          .append(instance.pending().describe());
    }
    if (outcome instanceof RdsObservation.Observed observed && observed.activity() != null) {
      message.append("; ").append(observed.activity());
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
