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
  public static final String USERNAME = "todo";

  public static final InClusterDatabase PROVISIONER = new InClusterDatabase();

  /** PostgreSQL's own default; the operator sets it on the server. */
  private static final int MAX_CONNECTIONS = 100;

  private InClusterDatabase() {}

  @Override
  public DatabaseReadiness readiness(TaskOverflow resource, Context<TaskOverflow> context) {
    return readiness(resource, context.getSecondaryResource(StatefulSet.class));
  }

  /** The password PostgreSQL was initialised with is kept; a Secret without one gets a new one. */
  @Override
  public Map<String, String> connectionData(
      TaskOverflow resource, Context<TaskOverflow> context, Map<String, String> current) {
    return connection(resource, Optional.ofNullable(current.get("password"))).secretData();
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
        USERNAME,
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
