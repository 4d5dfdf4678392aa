package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's view of RDS, as a resource needs it before it acts: the resource's instance is
 * observed from now on, and after an operator restart the first poll is awaited, so that an
 * instance that exists is always found before anything is created or let go.
 */
final class RdsView {

  private static final Duration FIRST_POLL_WAIT = Duration.ofSeconds(20);

  private RdsView() {}

  /** Why the view cannot be trusted yet: no successful poll, or a polling error that counts. */
  static Optional<RdsObservation.Blocked> awaitFor(
      RdsInstancePoller poller, ResourceID resource, String identifier) {
    poller.track(resource);
    poller.awaitFirstPoll(FIRST_POLL_WAIT);
    Optional<RdsObservation.Blocked> observing =
        poller.problem().map(e -> RdsObservation.failed(identifier, Optional.empty(), e));
    if (observing.isPresent() || poller.synced()) {
      return observing;
    }
    return Optional.of(
        RdsObservation.waiting(
            identifier,
            Optional.empty(),
            "InstanceNotObservedYet",
            "waiting for the operator's first look at RDS"));
  }
}
