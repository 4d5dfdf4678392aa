package io.taskoverflow.operator.database;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.dependent.Names;
import java.util.Optional;

/** Mode InCluster: a PostgreSQL StatefulSet beside the app, reached through its Service. */
public final class InClusterDatabase {

  public static final int PORT = 5432;
  public static final String USERNAME = "todo";

  private InClusterDatabase() {}

  /** Connection details; the password is kept from the existing Secret, or generated once. */
  public static DatabaseConnection connection(TaskOverflow resource, Optional<String> password) {
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

  public static DatabaseReadiness readiness(TaskOverflow resource, Optional<StatefulSet> postgres) {
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
