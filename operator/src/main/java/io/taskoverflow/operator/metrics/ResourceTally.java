package io.taskoverflow.operator.metrics;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.DatabaseMode;
import io.taskoverflow.crd.status.DatabaseStatus;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.status.StallPolicy;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How many TaskOverflows are in each phase, and how many are stalled, per database mode. A resource
 * the operator has not written a status for yet is {@link Phase#Pending}, as the phase's own
 * description says: accepted, nothing created yet.
 */
final class ResourceTally {

  static final ResourceTally NONE = of(Stream.empty());

  private final int[][] byModeAndPhase;
  private final int[] stalledByMode;

  private ResourceTally(int[][] byModeAndPhase, int[] stalledByMode) {
    this.byModeAndPhase = byModeAndPhase;
    this.stalledByMode = stalledByMode;
  }

  static ResourceTally of(Stream<TaskOverflow> resources) {
    int[][] byModeAndPhase = new int[DatabaseMode.values().length][Phase.values().length];
    int[] stalledByMode = new int[DatabaseMode.values().length];
    resources.forEach(
        resource ->
            mode(resource)
                .ifPresent(
                    mode -> {
                      TaskOverflowStatus status = resource.getStatus();
                      byModeAndPhase[mode.ordinal()][phase(status).ordinal()]++;
                      if (StallPolicy.isStalled(status)) {
                        stalledByMode[mode.ordinal()]++;
                      }
                    }));
    return new ResourceTally(byModeAndPhase, stalledByMode);
  }

  int count(DatabaseMode mode, Phase phase) {
    return byModeAndPhase[mode.ordinal()][phase.ordinal()];
  }

  int stalled(DatabaseMode mode) {
    return stalledByMode[mode.ordinal()];
  }

  private static Phase phase(TaskOverflowStatus status) {
    return status == null || status.phase() == null ? Phase.Pending : status.phase();
  }

  /**
   * The spec's mode; for a spec the operator cannot read (see {@link TaskOverflow#specProblem()}),
   * the mode its last status recorded. Neither: not counted, since no mode label would be true.
   */
  private static Optional<DatabaseMode> mode(TaskOverflow resource) {
    if (resource.getSpec() != null
        && resource.getSpec().database() != null
        && resource.getSpec().database().mode() != null) {
      return Optional.of(resource.getSpec().database().mode());
    }
    DatabaseStatus recorded = resource.getStatus() == null ? null : resource.getStatus().database();
    return recorded == null || recorded.mode() == null
        ? Optional.empty()
        : Arrays.stream(DatabaseMode.values())
            .filter(mode -> mode.name().equals(recorded.mode()))
            .findFirst();
  }
}
