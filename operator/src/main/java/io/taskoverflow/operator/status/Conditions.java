package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** metav1.Condition values whose lastTransitionTime moves only when the status flips. */
final class Conditions {

  private Conditions() {}

  static Condition of(
      ConditionType conditionType,
      boolean status,
      String reason,
      String message,
      long generation,
      List<Condition> previous) {
    String type = conditionType.name();
    String value = status ? "True" : "False";
    String transition =
        previous == null
            ? null
            : previous.stream()
                .filter(condition -> type.equals(condition.getType()))
                .filter(condition -> value.equals(condition.getStatus()))
                .map(Condition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(
            transition != null
                ? transition
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .build();
  }
}
