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
  static Optional<RdsProblem> awaitFor(RdsInstancePoller poller, ResourceID resource) {
    poller.track(resource);
    poller.awaitFirstPoll(FIRST_POLL_WAIT);
    Optional<RdsProblem> observing = poller.problem().map(RdsProblem::of);
    if (observing.isPresent() || poller.synced()) {
      return observing;
    }
    return Optional.of(
        RdsProblem.waiting(
            "InstanceNotObservedYet", "waiting for the operator's first look at RDS"));
  }
}
