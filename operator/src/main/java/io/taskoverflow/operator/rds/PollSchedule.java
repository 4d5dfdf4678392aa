package io.taskoverflow.operator.rds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the next poll runs: one at a time on a thread of its own, the sooner of two requests
 * winning. Without a thread (a test's manual poller) it only records when the next poll would be.
 * The poller's monitor guards it, so the poller can decide and schedule in one step.
 */
final class PollSchedule {

  private static final Logger LOG = LoggerFactory.getLogger(PollSchedule.class);

  private final Object lock;
  private final Runnable poll;
  private final Duration retry;
  private final Clock clock;
  private ScheduledExecutorService scheduler;
  private ScheduledFuture<?> next;
  private Instant nextAt;
  private volatile boolean polling;

  PollSchedule(Object lock, Runnable poll, Duration retry, Clock clock) {
    this.lock = lock;
    this.poll = poll;
    this.retry = retry;
    this.clock = clock;
  }

  void start(String threadName) {
    synchronized (lock) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, threadName);
                thread.setDaemon(true);
                return thread;
              });
    }
  }

  void stop() {
    synchronized (lock) {
      if (scheduler != null) {
        scheduler.shutdownNow();
        scheduler = null;
      }
    }
  }

  /** Whether a poll is running now. */
  boolean polling() {
    return polling;
  }

  Optional<Instant> nextAt() {
    synchronized (lock) {
      return Optional.ofNullable(nextAt);
    }
  }

  /** Plans the next poll after {@code delay}, unless one is planned sooner already. */
  void after(Duration delay) {
    synchronized (lock) {
      Instant at = clock.instant().plus(delay);
      if (scheduler == null) {
        nextAt = at;
        return;
      }
      if (next != null && !next.isDone() && nextAt != null && !nextAt.isAfter(at)) {
        return;
      }
      if (next != null) {
        next.cancel(false);
      }
      nextAt = at;
      next = scheduler.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void run() {
    synchronized (lock) {
      polling = true;
      next = null;
      nextAt = null;
    }
    try {
      poll.run();
    } catch (RuntimeException e) {
      LOG.error("RDS polling cycle failed", e);
      after(retry);
    } finally {
      polling = false;
    }
  }
}
