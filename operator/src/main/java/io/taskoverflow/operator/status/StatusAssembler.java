package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.AppStatus;
import io.taskoverflow.crd.status.DatabaseStatus;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.app.AppReadiness;
import io.taskoverflow.operator.app.AppUrl;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.kube.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns what the workflow found into the resource's status: phase, conditions, details. A status
 * that only amends the last one (a deletion, an unreadable spec) is {@link AmendedStatus}'s.
 */
public final class StatusAssembler {

  private StatusAssembler() {}

  /**
   * @param service the todo Service as last observed, whose status may name a load balancer
   */
  public static TaskOverflowStatus assemble(
      TaskOverflow resource,
      DatabaseReadiness database,
      Optional<AppReadiness> app,
      Optional<Service> service) {
    String url = AppUrl.of(resource, service);
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
            ready ? "TaskOverflow serves at " + url : firstProblem(database, appReadiness),
            generation,
            previous);
    List<Progress.Blocker> blockers = new ArrayList<>();
    if (!database.ready()) {
      blockers.add(
          new Progress.Blocker(database.reason(), database.message(), database.actionRequired()));
    }
    if (!appReadiness.ready()) {
      blockers.add(new Progress.Blocker(appReadiness.reason(), appReadiness.message(), false));
    }
    List<Condition> conditions = new ArrayList<>(List.of(databaseReady, appReady, readyCondition));
    conditions.addAll(Progress.conditions(blockers, generation, previous, Instant.now()));
    return new TaskOverflowStatus(
        phase(resource, database, appReadiness),
        generation,
        List.copyOf(conditions),
        new DatabaseStatus(
            resource.getSpec().database().mode().name(),
            database.endpoint(),
            database.port(),
            database.instanceId(),
            database.state(),
            database.engineVersion(),
            null,
            Names.connectionSecret(resource)),
        new AppStatus(appReadiness.replicas(), appReadiness.readyReplicas(), url));
  }

  /**
   * A status for a reconcile that failed with an exception. A failure of the todo service's objects
   * leaves the database as the last status saw it.
   */
  public static TaskOverflowStatus failed(
      TaskOverflow resource, ReconcileFailure failure, Optional<Service> service) {
    if (!failure.app()) {
      return assemble(
          resource,
          DatabaseReadiness.notReady(failure.reason(), failure.message(), null, null, "unknown"),
          Optional.empty(),
          service);
    }
    AppReadiness app =
        new AppReadiness(
            false, failure.reason(), failure.message(), resource.getSpec().replicas(), 0);
    return assemble(resource, lastDatabaseReadiness(resource), Optional.of(app), service);
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
