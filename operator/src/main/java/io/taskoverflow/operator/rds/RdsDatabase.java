package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsStatuses;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.database.Recheck;
import io.taskoverflow.operator.support.Checked;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Mode RDS: whether the instance can be used and how the todo service connects to it: as the
 * application role {@link RdsAppRoleDependent} set up, over TLS verified against the RDS CA bundle.
 * The app is deployed only once the instance has been available with an endpoint, the master
 * credentials are known and the role is in place; afterwards routine work (backups, a modification)
 * does not take it away again.
 */
public final class RdsDatabase implements DatabaseProvisioner {

  public static final RdsDatabase PROVISIONER = new RdsDatabase();

  /** What the smallest class (db.t3.micro) allows; a larger one can be named in the spec. */
  private static final int MAX_CONNECTIONS = 80;

  /** Before the role's step has run in this reconcile. */
  private static final RdsAppRole ROLE_NOT_SET_UP =
      new RdsAppRole.Missing(
          "AppRolePending",
          "waiting for role " + DatabaseConnection.APP_ROLE + " to be set up",
          false);

  private RdsDatabase() {}

  @Override
  public DatabaseReadiness readiness(TaskOverflow resource, Context<TaskOverflow> context) {
    return readiness(
        RdsObservation.from(context),
        RdsCredentials.read(resource, context),
        RdsAppRole.from(context));
  }

  /**
   * The instance's endpoint with the application role's credentials and the CA bundle, once the
   * role is in place. Until then (creating, a moment without an endpoint later, a role not set up)
   * the data stays as it is: emptying it would restart the app for nothing, and an existing
   * deployment keeps the credentials it has.
   */
  @Override
  public Map<String, String> connectionData(
      TaskOverflow resource, Context<TaskOverflow> context, Map<String, String> current) {
    return RdsAppRole.from(context)
        .flatMap(RdsAppRole::usableConnection)
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

  /**
   * Soon while the master login of an available instance fails in a way that passes by itself (the
   * endpoint's name or route not there yet, a password being reset): on EKS a security group rule
   * just added; else later.
   */
  @Override
  public Optional<Recheck> recheck(DatabaseReadiness database) {
    if (database.ready()) {
      return Optional.empty();
    }
    boolean loginPassesByItself =
        !database.actionRequired()
            && JdbcMasterLogin.TRANSIENT_FAILURES.contains(database.reason());
    return Optional.of(loginPassesByItself ? Recheck.SOON : Recheck.LATER);
  }

  public static DatabaseReadiness readiness(
      Optional<RdsObservation> found,
      Checked<RdsCredentials> credentials,
      Optional<RdsAppRole> role) {
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
      readiness = fromStatus(instance.get(), outcome, credentials, role);
    }
    return readiness.withInstance(
        outcome.identifier(), version, status == null ? readiness.state() : status);
  }

  private static DatabaseReadiness fromStatus(
      RdsInstance instance,
      RdsObservation outcome,
      Checked<RdsCredentials> credentials,
      Optional<RdsAppRole> role) {
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
      return notReady(
          !"MasterSecretPending".equals(credentials.reason()),
          credentials.reason(),
          credentials.message(),
          instance);
    }
    if (role.orElse(ROLE_NOT_SET_UP) instanceof RdsAppRole.Missing missing) {
      return notReady(missing.actionRequired(), missing.reason(), missing.message(), instance);
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

  private static DatabaseReadiness notReady(
      boolean actionRequired, String reason, String message, RdsInstance instance) {
    return actionRequired
        ? DatabaseReadiness.actionRequired(
            reason, message, instance.endpoint(), instance.port(), instance.status())
        : DatabaseReadiness.notReady(
            reason, message, instance.endpoint(), instance.port(), instance.status());
  }

  /** storage-full -> StorageFull */
  private static String camel(String status) {
    return Arrays.stream(status.split("-"))
        .map(
            word -> word.isEmpty() ? "" : Character.toUpperCase(word.charAt(0)) + word.substring(1))
        .collect(Collectors.joining());
  }
}
