package io.taskoverflow.operator.rds;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code taskoverflow_rds_poll_duration_seconds}: how long each cycle of {@link RdsInstancePoller}
 * took, failed ones included (their calls are in {@code taskoverflow_rds_api_calls_total}); and
 * {@code taskoverflow_rds_poll_instances}: the operator's instances the last successful cycle saw.
 * Both exist from the start, at 0, also in an operator that never polls.
 */
public final class RdsPollMetrics {

  private final Timer duration;
  private final AtomicInteger instances = new AtomicInteger();

  public RdsPollMetrics(MeterRegistry registry) {
    this.duration =
        Timer.builder("taskoverflow.rds.poll.duration")
            .description("Cycles of the RDS poller: one paginated DescribeDBInstances each")
            .register(registry);
    Gauge.builder("taskoverflow.rds.poll.instances", instances, AtomicInteger::get)
        .description("RDS instances of the operator seen by the last successful poll")
        .strongReference(true)
        .register(registry);
  }

  void timeCycle(Runnable cycle) {
    duration.record(cycle);
  }

  void seen(int count) {
    instances.set(count);
  }
}
