package io.taskoverflow.operator.postgres;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.database.DatabaseDestination;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.support.Passwords;
import java.util.Map;
import java.util.Optional;

/** Mode InCluster: a PostgreSQL StatefulSet beside the app, reached through its Service. */
public final class InClusterDatabase implements DatabaseProvisioner {

  public static final int PORT = 5432;

  /**
   * The todo pods' role: it owns the todo database and nothing else, and is no superuser. The
   * superuser is in {@code <name>-db-master}, which only the PostgreSQL pod reads.
   */
  public static final String APP_ROLE = DatabaseConnection.APP_ROLE;

  public static final InClusterDatabase PROVISIONER = new InClusterDatabase();

  /** PostgreSQL's own default; the operator sets it on the server. */
  private static final int MAX_CONNECTIONS = 100;

  private InClusterDatabase() {}

  @Override
  public DatabaseReadiness readiness(TaskOverflow resource, Context<TaskOverflow> context) {
    return readiness(resource, context.getSecondaryResource(StatefulSet.class));
  }

  /**
   * Verified against the CA of PostgreSQL's certificate, which is issued first. The application
   * role's password is kept; a Secret without one, or one of the user the app had before it had a
   * role of its own, gets a new one (PostgreSQL sets it on the role as it starts).
   */
  @Override
  public Map<String, String> connectionData(
      TaskOverflow resource, Context<TaskOverflow> context, Map<String, String> current) {
    Optional<String> password =
        APP_ROLE.equals(current.get("username"))
            ? Optional.ofNullable(current.get("password"))
            : Optional.empty();
    return PostgresTlsSecretDependent.caCertificate(context)
        .map(ca -> connection(resource, password).verifiedBy(ca).secretData())
        .orElse(current);
  }

  /** The PostgreSQL pod, by its labels: the Service's address is not what a policy can name. */
  @Override
  public DatabaseDestination destination(TaskOverflow resource, Context<TaskOverflow> context) {
    return new DatabaseDestination.Pods(
        Labels.selector(resource, PostgresStatefulSetDependent.COMPONENT), PORT);
  }

  @Override
  public Optional<String> userSecret(TaskOverflow resource) {
    return Optional.empty();
  }

  /** The headless Service names the pod before it runs; PostgreSQL starts in seconds. */
  @Override
  public boolean appStartsWithDatabase() {
    return true;
  }

  @Override
  public int defaultMaxConnections() {
    return MAX_CONNECTIONS;
  }

  /** Connection details; the password is kept from the existing Secret, or generated once. */
  private static DatabaseConnection connection(TaskOverflow resource, Optional<String> password) {
    return new DatabaseConnection(
        host(resource),
        PORT,
        resource.getSpec().database().name(),
        APP_ROLE,
        password.orElseGet(Passwords::generate),
        "");
  }

  public static String host(TaskOverflow resource) {
    return Names.postgres(resource) + "." + resource.getMetadata().getNamespace() + ".svc";
  }

  private static DatabaseReadiness readiness(
      TaskOverflow resource, Optional<StatefulSet> postgres) {
    int ready =
        postgres
            .map(StatefulSet::getStatus)
            .map(status -> status.getReadyReplicas() == null ? 0 : status.getReadyReplicas())
            .orElse(0);
    if (ready > 0) {
      return DatabaseReadiness.ready(host(resource), PORT, "PostgreSQL is ready");
    }
    return DatabaseReadiness.notReady(
        "DatabaseStarting",
        "waiting for PostgreSQL pod " + Names.postgres(resource) + "-0 to become ready",
        host(resource),
        PORT,
        postgres.isPresent() ? "starting" : "creating");
  }
}
