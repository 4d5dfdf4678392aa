package io.taskoverflow.operator.rds;

import io.taskoverflow.crd.TaskOverflow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a deleted resource waits for its RDS instance. Every resource must be deletable within a
 * minute, whatever AWS does: RDS takes minutes to delete an instance, and may not answer at all.
 * Past the deadline the finalizer goes; nothing more is deleted for that. An instance AWS is
 * deleting goes on by itself; one it could not be asked to delete is left running, and a Warning
 * Event and a log line name it.
 */
final class RdsDeletionDeadline {

  static final Duration WAIT = Duration.ofSeconds(45);

  private RdsDeletionDeadline() {}

  /** Until when the resource waits; then {@link #passed} lets it go. */
  static Instant of(TaskOverflow resource) {
    return Instant.parse(resource.getMetadata().getDeletionTimestamp()).plus(WAIT);
  }

  /** The release of a resource whose instance is not gone by the deadline; empty before it. */
  static Optional<RdsObservation.Gone> passed(
      TaskOverflow resource, RdsObservation.Deleting deleting, Clock clock) {
    if (resource.getMetadata().getDeletionTimestamp() == null
        || clock.instant().isBefore(of(resource))) {
      return Optional.empty();
    }
    String id = deleting.identifier();
    if ("deleting".equals(deleting.state())) {
      return Optional.of(
          new RdsObservation.Gone(
              id,
              "InstanceDeleting",
              "RDS is deleting instance "
                  + id
                  + (deleting.finalSnapshot() == null
                      ? ""
                      : " after final snapshot " + deleting.finalSnapshot())
                  + "; the resource does not wait for the end",
              deleting.finalSnapshot()));
    }
    return Optional.of(
        new RdsObservation.Gone(
            id,
            "InstanceLeftBehind",
            "RDS instance "
                + id
                + " was not deleted within "
                + WAIT.toSeconds()
                + " s ("
                + deleting.reason()
                + ": "
                + deleting.message()
                + "); it keeps running until it is deleted in AWS",
            null));
  }
}
