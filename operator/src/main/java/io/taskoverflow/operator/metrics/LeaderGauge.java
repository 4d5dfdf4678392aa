package io.taskoverflow.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code taskoverflow_operator_leader}: 1 while this process leads, 0 while it waits for the Lease.
 * Without leader election the process reconciles alone, so it reads 1 from the start.
 */
public final class LeaderGauge {

  private final AtomicBoolean leading;

  public LeaderGauge(MeterRegistry registry, boolean leaderElection) {
    this.leading = new AtomicBoolean(!leaderElection);
    Gauge.builder("taskoverflow.operator.leader", leading, lead -> lead.get() ? 1 : 0)
        .description("1 while this operator process is the one that reconciles")
        .strongReference(true)
        .register(registry);
  }

  /** Leader election's callback: this process holds the Lease. */
  public void started() {
    leading.set(true);
  }

  /** Leader election's callback: this process no longer holds the Lease. */
  public void stopped() {
    leading.set(false);
  }

  public boolean leads() {
    return leading.get();
  }
}
