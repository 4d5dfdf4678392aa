package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.DatabaseStatus;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.rds.RdsObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Statuses that amend the last one rather than assemble a new one: a deletion waiting for its RDS
 * instance, and a spec the operator cannot read. What they do not speak of stays as it was.
 */
public final class AmendedStatus {

  /** The reason of a Ready condition whose spec cannot be worked from. */
  public static final String INVALID_SPEC = "InvalidSpec";

  private AmendedStatus() {}

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
    List<Condition> updates = new ArrayList<>(List.of(databaseReady, ready));
    updates.addAll(
        Progress.conditions(
            List.of(
                new Progress.Blocker(
                    deletion.reason(), deletion.message(), deletion.actionRequired())),
            generation,
            previous,
            Instant.now()));
    List<Condition> conditions = replacing(previous, updates);
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
   * Failed and Stalled until the user fixes it, Ready saying why. Nothing is changed while the spec
   * cannot be read, so what the last status said of the database and the app stays.
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
    List<Condition> updates = new ArrayList<>(List.of(ready));
    updates.addAll(
        Progress.conditions(
            List.of(new Progress.Blocker(INVALID_SPEC, problem, true)),
            resource.getMetadata().getGeneration(),
            previous,
            Instant.now()));
    return new TaskOverflowStatus(
        Phase.Failed,
        resource.getMetadata().getGeneration(),
        replacing(previous, updates),
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
}
