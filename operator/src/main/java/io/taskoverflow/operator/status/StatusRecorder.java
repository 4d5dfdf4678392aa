package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.kube.ResourceEvents;
import java.util.Optional;

/**
 * The one way a status is written, after a reconcile, during a deletion or after an error: only
 * when it changed, so a converged resource costs no API writes, and with an Event when the phase
 * changes.
 */
public final class StatusRecorder {

  private StatusRecorder() {}

  /** The status patch to send (identity and status only), or empty when nothing changed. */
  public static Optional<TaskOverflow> patch(
      KubernetesClient client, TaskOverflow resource, TaskOverflowStatus status) {
    TaskOverflowStatus previous = resource.getStatus();
    if (status.equals(previous)) {
      return Optional.empty();
    }
    if (previous == null || previous.phase() != status.phase()) {
      ResourceEvents.phase(client, resource, status.phase(), readyMessage(status));
    }
    TaskOverflow fresh = new TaskOverflow();
    fresh.getMetadata().setName(resource.getMetadata().getName());
    fresh.getMetadata().setNamespace(resource.getMetadata().getNamespace());
    fresh.setStatus(status);
    return Optional.of(fresh);
  }

  private static String readyMessage(TaskOverflowStatus status) {
    return status.conditions().stream()
        .filter(condition -> ConditionType.Ready.name().equals(condition.getType()))
        .map(Condition::getMessage)
        .findFirst()
        .orElse("");
  }
}
