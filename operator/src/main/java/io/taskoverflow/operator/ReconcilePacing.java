package io.taskoverflow.operator;

import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import java.time.Duration;

/**
 * How soon a resource is reconciled again after a failure, and at the latest when nothing happens.
 *
 * <p>A failed reconcile is retried without end: JOSDK's default gives up after 5 attempts (about 26
 * s), and a resource would then wait for another event, which an outage that heals by itself (an
 * admission webhook that refuses for a while, an API server restart) never sends. Backing off from
 * 1 s by ×2 spares an API server that is struggling; capping the wait at 30 s means a resource is
 * tried again at most 30 s after an outage ends, well within the 2 minutes it may take to recover
 * (informers reconnect within about the same time). One retry every 30 s per failing resource costs
 * little even for hundreds of them.
 */
final class ReconcilePacing {

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final double BACKOFF = 2.0;
  static final Duration LONGEST_RETRY_WAIT = Duration.ofSeconds(30);

  /**
   * A safety net for an event that was lost (JOSDK's default is 10 h): a resource that reconciled
   * well is looked at again every 10 minutes. A reconcile that changes nothing sends no write.
   */
  static final Duration MAX_RECONCILIATION_INTERVAL = Duration.ofMinutes(10);

  private ReconcilePacing() {}

  static Retry retry() {
    return new GenericRetry()
        .setInitialInterval(FIRST_RETRY)
        .setIntervalMultiplier(BACKOFF)
        .setMaxInterval(LONGEST_RETRY_WAIT.toMillis())
        .withoutMaxAttempts();
  }
}
