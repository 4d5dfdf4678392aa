package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Reconciling and Stalled conditions, from what holds a resource back. kstatus reads
 * Reconciling=True as InProgress and Stalled=True as Failed; exactly one of them is True while the
 * resource is not ready, neither once it is. Which reasons stall is {@link StallPolicy}'s.
 */
final class Progress {

  /** What keeps the resource from being ready: a condition's reason and message. */
  record Blocker(String reason, String message, boolean actionRequired) {}

  private Progress() {}

  /**
   * @param blockers in order of precedence (the database's before the app's); empty when ready
   */
  static List<Condition> conditions(
      List<Blocker> blockers, long generation, List<Condition> previous, Instant now) {
    if (blockers.isEmpty()) {
      return List.of(
          Conditions.of(
              ConditionType.Reconciling,
              false,
              "Ready",
              "the current spec is served",
              generation,
              previous),
          Conditions.of(
              ConditionType.Stalled, false, "Ready", "nothing is blocked", generation, previous));
    }
    Instant notReadySince = notReadySince(previous).orElse(now);
    Optional<Blocker> stalling =
        blockers.stream()
            .filter(
                b ->
                    StallPolicy.untilStalled(b.reason(), b.actionRequired(), notReadySince, now)
                        .filter(left -> left.isZero())
                        .isPresent())
            .findFirst();
    if (stalling.isPresent()) {
      Blocker b = stalling.get();
      return List.of(
          Conditions.of(
              ConditionType.Reconciling,
              false,
              "Stalled",
              "waiting for a change by the user (see Stalled)",
              generation,
              previous),
          Conditions.of(
              ConditionType.Stalled, true, b.reason(), b.message(), generation, previous));
    }
    Blocker first = blockers.get(0);
    return List.of(
        Conditions.of(
            ConditionType.Reconciling, true, first.reason(), first.message(), generation, previous),
        Conditions.of(
            ConditionType.Stalled,
            false,
            "Progressing",
            "the operator is working toward the spec",
            generation,
            previous));
  }

  /** When Ready last became False, if it is False. */
  static Optional<Instant> notReadySince(List<Condition> conditions) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream()
            .filter(c -> ConditionType.Ready.name().equals(c.getType()))
            .filter(c -> "False".equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .filter(time -> time != null && !time.isEmpty())
            .map(Instant::parse)
            .findFirst();
  }
}
