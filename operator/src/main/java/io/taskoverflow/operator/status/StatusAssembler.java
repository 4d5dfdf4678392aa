package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.AppStatus;
import io.taskoverflow.crd.status.DatabaseStatus;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.app.AppIngressDependent;
import io.taskoverflow.operator.app.AppReadiness;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.rds.RdsObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns what the workflow found into the resource's status: phase, conditions, details. */
public final class StatusAssembler {

  /** The reason of a Ready condition whose spec cannot be worked from. */
  public static final String INVALID_SPEC = "InvalidSpec";

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
            ConditionType.DatabaseReady,
            database.ready(),
            database.reason(),
            database.message(),
            generation,
            previous);
    Condition appReady =
        Conditions.of(
            ConditionType.AppReady,
            appReadiness.ready(),
            appReadiness.reason(),
            appReadiness.message(),
            generation,
            previous);
    Condition readyCondition =
        Conditions.of(
            ConditionType.Ready,
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
            database.instanceId(),
            database.state(),
            database.engineVersion(),
            null,
            Names.connectionSecret(resource)),
        new AppStatus(appReadiness.replicas(), appReadiness.readyReplicas(), url(resource)));
  }

  /**
   * A resource whose RDS instance is being deleted or let go: the finalizer holds it until RDS no
   * longer lists the instance. The app status is kept as it was; its objects go with the resource.
   */
  public static TaskOverflowStatus deleting(
      TaskOverflow resource, RdsObservation.Deleting deletion) {
    long generation = resource.getMetadata().getGeneration();
    TaskOverflowStatus before = resource.getStatus();
    List<Condition> previous = before == null ? null : before.conditions();
    Condition databaseReady =
        Conditions.of(
            ConditionType.DatabaseReady,
            false,
            deletion.reason(),
            deletion.message(),
            generation,
            previous);
    Condition ready =
        Conditions.of(
            ConditionType.Ready, false, "Deleting", deletion.message(), generation, previous);
    List<Condition> conditions = replacing(previous, List.of(databaseReady, ready));
    DatabaseStatus database = before == null ? null : before.database();
    return new TaskOverflowStatus(
        Phase.Deleting,
        generation,
        conditions,
        new DatabaseStatus(
            resource.getSpec().database().mode().name(),
            database == null ? null : database.endpoint(),
            database == null ? null : database.port(),
            deletion.identifier(),
            deletion.state() != null ? deletion.state() : "deleting",
            database == null ? null : database.engineVersion(),
            deletion.finalSnapshot(),
            Names.connectionSecret(resource)),
        before == null ? null : before.app());
  }

  /**
   * A resource whose spec the operator cannot work from ({@link TaskOverflow#specProblem()}):
   * Failed until the user fixes it, Ready saying why. Nothing is changed while the spec cannot be
   * read, so what the last status said of the database and the app stays.
   */
  public static TaskOverflowStatus invalidSpec(TaskOverflow resource, String problem) {
    TaskOverflowStatus before = resource.getStatus();
    List<Condition> previous = before == null ? null : before.conditions();
    Condition ready =
        Conditions.of(
            ConditionType.Ready,
            false,
            INVALID_SPEC,
            problem,
            resource.getMetadata().getGeneration(),
            previous);
    return new TaskOverflowStatus(
        Phase.Failed,
        resource.getMetadata().getGeneration(),
        replacing(previous, List.of(ready)),
        before == null ? null : before.database(),
        before == null ? null : before.app());
  }

  /** The conditions as before, with those of the updates' types replaced (or added). */
  private static List<Condition> replacing(List<Condition> before, List<Condition> updates) {
    if (before == null || before.isEmpty()) {
      return updates;
    }
    List<Condition> merged =
        new ArrayList<>(
            before.stream()
                .map(
                    condition ->
                        updates.stream()
                            .filter(update -> update.getType().equals(condition.getType()))
                            .findFirst()
                            .orElse(condition))
                .toList());
    updates.stream()
        .filter(update -> merged.stream().noneMatch(c -> c.getType().equals(update.getType())))
        .forEach(merged::add);
    return List.copyOf(merged);
  }

  /**
   * A status for a reconcile that failed with an exception. A failure of the todo service's objects
   * leaves the database as the last status saw it.
   */
  public static TaskOverflowStatus failed(TaskOverflow resource, ReconcileFailure failure) {
    if (!failure.app()) {
      return assemble(
          resource,
          DatabaseReadiness.notReady("ReconcileError", failure.message(), null, null, "unknown"),
          Optional.empty());
    }
    AppReadiness app =
        new AppReadiness(
            false, "ReconcileError", failure.message(), resource.getSpec().replicas(), 0);
    return assemble(resource, lastDatabaseReadiness(resource), Optional.of(app));
  }

  private static DatabaseReadiness lastDatabaseReadiness(TaskOverflow resource) {
    TaskOverflowStatus before = resource.getStatus();
    Optional<Condition> last =
        before == null || before.conditions() == null
            ? Optional.empty()
            : before.conditions().stream()
                .filter(c -> ConditionType.DatabaseReady.name().equals(c.getType()))
                .findFirst();
    DatabaseStatus database = before == null ? null : before.database();
    if (last.isEmpty()
        || !"True".equals(last.get().getStatus())
        || database == null
        || database.port() == null) {
      return DatabaseReadiness.notReady("ReconcileError", "not checked", null, null, "unknown");
    }
    return DatabaseReadiness.ready(database.endpoint(), database.port(), last.get().getMessage())
        .withInstance(database.instanceId(), database.engineVersion(), database.status());
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
      // Problems only the user can fix: Failed rather than Provisioning.
      return database.actionRequired() ? Phase.Failed : Phase.Provisioning;
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
