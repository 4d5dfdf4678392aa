package io.taskoverflow.operator.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** The two steps every burst takes: create everything at once, then wait for it to be Ready. */
final class BurstSteps {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CREATE_LIMIT = Duration.ofMinutes(10);

  private BurstSteps() {}

  /** Runs the creates from {@code threads} client threads at once; returns how long they took. */
  static Duration createAll(List<Runnable> creates, int threads) throws InterruptedException {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    creates.forEach(pool::execute);
    pool.shutdown();
    if (!pool.awaitTermination(CREATE_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
      throw new IllegalStateException("creating the TaskOverflows took more than " + CREATE_LIMIT);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Waits until {@code ready} reaches {@code all} or the timeout passes; whether it did. */
  static boolean awaitAll(LongSupplier ready, long all, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ready.getAsLong() < all) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }
}
