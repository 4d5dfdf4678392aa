package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.AppStatus;
import io.taskoverflow.crd.status.DatabaseStatus;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.dependent.AppIngressDependent;
import io.taskoverflow.operator.dependent.Names;
import io.taskoverflow.operator.dependent.condition.AppReadiness;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns what the workflow found into the resource's status: phase, conditions, details. */
public final class StatusAssembler {

  /** Database problems only the user can fix: the phase is Failed rather than Provisioning. */
  private static final Set<String> USER_ERRORS =
      Set.of("SecretNotFound", "SecretKeyNotFound", "InvalidDatabaseUri", "UnsupportedMode");

  private StatusAssembler() {}

  public static TaskOverflowStatus assemble(
      TaskOverflow resource, DatabaseReadiness database, Optional<AppReadiness> app) {
    long generation = resource.getMetadata().getGeneration();
    List<Condition> previous =
        resource.getStatus() == null ? null : resource.getStatus().conditions();
    AppReadiness appReadiness =
        app.orElse(
            new AppReadiness(
                false,
                "WaitingForDatabase",
                "the app is deployed once the database is ready",
                resource.getSpec().replicas(),
                0));
    boolean ready = database.ready() && appReadiness.ready();
    Condition databaseReady =
        Conditions.of(
            "DatabaseReady",
            database.ready(),
            database.reason(),
            database.message(),
            generation,
            previous);
    Condition appReady =
        Conditions.of(
            "AppReady",
            appReadiness.ready(),
            appReadiness.reason(),
            appReadiness.message(),
            generation,
            previous);
    Condition readyCondition =
        Conditions.of(
            "Ready",
            ready,
            ready ? "Ready" : (database.ready() ? appReadiness.reason() : database.reason()),
            ready
                ? "TaskOverflow serves at " + url(resource)
                : firstProblem(database, appReadiness),
            generation,
            previous);
    return new TaskOverflowStatus(
        phase(resource, database, appReadiness),
        generation,
        List.of(databaseReady, appReady, readyCondition),
        new DatabaseStatus(
            resource.getSpec().database().mode().name(),
            database.endpoint(),
            database.port(),
            null,
            database.state(),
            Names.connectionSecret(resource)),
        new AppStatus(appReadiness.replicas(), appReadiness.readyReplicas(), url(resource)));
  }

  /** A status for a reconcile that failed with an exception. */
  public static TaskOverflowStatus failed(TaskOverflow resource, String message) {
    DatabaseReadiness unknown =
        DatabaseReadiness.notReady("ReconcileError", message, null, null, "unknown");
    return assemble(resource, unknown, Optional.empty());
  }

  static String url(TaskOverflow resource) {
    var ingress = resource.getSpec().ingress();
    if (ingress != null) {
      return AppIngressDependent.url(ingress);
    }
    int port = resource.getSpec().service() == null ? 80 : resource.getSpec().service().port();
    return "http://"
        + Names.app(resource)
        + "."
        + resource.getMetadata().getNamespace()
        + ".svc"
        + (port == 80 ? "" : ":" + port)
        + "/";
  }

  private static Phase phase(TaskOverflow resource, DatabaseReadiness database, AppReadiness app) {
    if (!database.ready()) {
      return USER_ERRORS.contains(database.reason()) ? Phase.Failed : Phase.Provisioning;
    }
    if (app.ready()) {
      return Phase.Ready;
    }
    Phase before = resource.getStatus() == null ? null : resource.getStatus().phase();
    boolean wasServing = before == Phase.Ready || before == Phase.Degraded;
    return wasServing ? Phase.Degraded : Phase.Provisioning;
  }

  private static String firstProblem(DatabaseReadiness database, AppReadiness app) {
    return database.ready() ? app.message() : database.message();
  }
}
