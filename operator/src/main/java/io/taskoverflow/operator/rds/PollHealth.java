package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.aws.RdsRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How far polling has come: whether one poll succeeded (only then does an absent instance mean
 * there is none), and the last error and whether it counts: at once when it is not transient, or
 * when no poll has succeeded for long enough that the cache is stale. A throttling burst then flips
 * no status.
 */
final class PollHealth {

  private final Duration staleAfter;
  private final Clock clock;
  private volatile Instant lastSuccess;
  private volatile RdsRequestException lastError;
  private volatile boolean synced;
  private volatile boolean problemReported;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);

  PollHealth(Duration staleAfter, Clock clock) {
    this.staleAfter = staleAfter;
    this.clock = clock;
  }

  /**
   * A poll succeeded. True when the resources must hear of it: it is the first view of AWS, or it
   * ends a problem they were told of.
   */
  boolean succeeded(Instant startedAt) {
    boolean news = !synced || problemReported;
    lastSuccess = startedAt;
    lastError = null;
    synced = true;
    problemReported = false;
    return news;
  }

  /** At least one poll succeeded. */
  boolean synced() {
    return synced;
  }

  /** A poll ended, well or not; its outcome is visible now to those waiting for the first. */
  void attempted() {
    firstAttempt.countDown();
  }

  /** Waits up to {@code timeout} for the first poll to end. */
  void awaitFirstAttempt(Duration timeout) {
    try {
      firstAttempt.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A poll failed. True when the resources must hear of it now: it counts, and is news to them. */
  boolean failed(RdsRequestException error) {
    lastError = error;
    if (problemReported || problem().isEmpty()) {
      return false;
    }
    problemReported = true;
    return true;
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
