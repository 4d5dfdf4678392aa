package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.aws.RdsRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last polling error, and whether it counts: at once when it is not transient, or when no poll
 * has succeeded for long enough that the cache is stale. A throttling burst then flips no status.
 */
final class PollHealth {

  private final Duration staleAfter;
  private final Clock clock;
  private volatile Instant lastSuccess;
  private volatile RdsRequestException lastError;

  PollHealth(Duration staleAfter, Clock clock) {
    this.staleAfter = staleAfter;
    this.clock = clock;
  }

  void succeeded(Instant startedAt) {
    lastSuccess = startedAt;
    lastError = null;
  }

  void failed(RdsRequestException error) {
    lastError = error;
  }

  Optional<RdsRequestException> problem() {
    RdsRequestException error = lastError;
    if (error == null) {
      return Optional.empty();
    }
    boolean stale = lastSuccess == null || lastSuccess.plus(staleAfter).isBefore(clock.instant());
    return !error.isTransient() || stale ? Optional.of(error) : Optional.empty();
  }
}
