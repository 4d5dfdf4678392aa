package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a deleted resource waits for its RDS instance. Every resource must be deletable within a
 * minute, whatever AWS does: RDS takes minutes to delete an instance, and may not answer at all.
 * Past the deadline the finalizer goes; nothing more is deleted for that. An instance AWS is
 * deleting goes on by itself; one it could not be asked to delete (AWS did not answer, the instance
 * was busy or protected) is left running, its generated credentials are kept, and a Warning Event
 * and a log line name it.
 *
 * <p>The wait counts from when this operator process first looked at the deletion, by its own
 * clock: a resource deleted while the operator was down, or whose deletion timestamp another
 * machine's clock wrote, still gets its full try.
 */
final class RdsDeletionDeadline {

  static final Duration WAIT = Duration.ofSeconds(45);

  private final Clock clock;
  private final Map<ResourceID, Instant> firstLook = new ConcurrentHashMap<>();

  RdsDeletionDeadline(Clock clock) {
    this.clock = clock;
  }

  /** The release of a resource whose instance is not gone by the deadline; empty before it. */
  Optional<RdsObservation.Gone> passed(ResourceID resource, RdsObservation.Deleting deleting) {
    Instant now = clock.instant();
    Instant first = firstLook.computeIfAbsent(resource, id -> now);
    if (now.isBefore(first.plus(WAIT))) {
      return Optional.empty();
    }
    firstLook.remove(resource);
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

  /** The instance went by itself: nothing to remember. */
  void forget(ResourceID resource) {
    firstLook.remove(resource);
  }
}
