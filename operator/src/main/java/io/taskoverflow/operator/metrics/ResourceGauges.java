package io.taskoverflow.operator.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.DatabaseMode;
import io.taskoverflow.crd.status.Phase;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code taskoverflow_resources{mode,phase}} and {@code taskoverflow_resources_stalled{mode}},
 * counted from the controller's informer cache when Prometheus scrapes: no API request. Every mode
 * and phase is registered up front, so that a query finds a series at 0 rather than none.
 *
 * <p>Only the leader counts; the other replicas report 0. They hold the same cache and are scraped
 * too, so a sum over the pods, or an alert on any of them, would count each resource once per
 * replica.
 */
public final class ResourceGauges {

  /** Within one scrape the series are read microseconds apart: one walk of the cache serves all. */
  private static final long ONE_SCRAPE_NANOS = Duration.ofSeconds(1).toNanos();

  private final BooleanSupplier leading;
  private final Clock clock;
  private volatile Supplier<Stream<TaskOverflow>> resources = Stream::empty;
  private ResourceTally last = ResourceTally.NONE;
  private long lastAt;
  private boolean counted;

  /**
   * @param leading whether this process leads (it alone counts)
   */
  public ResourceGauges(MeterRegistry registry, BooleanSupplier leading) {
    this.leading = leading;
    this.clock = registry.config().clock();
    for (DatabaseMode mode : DatabaseMode.values()) {
      for (Phase phase : Phase.values()) {
        Gauge.builder("taskoverflow.resources", this, gauges -> gauges.tally().count(mode, phase))
            .description("TaskOverflows by database mode and phase")
            .tag("mode", mode.name())
            .tag("phase", phase.name())
            .strongReference(true)
            .register(registry);
      }
      Gauge.builder("taskoverflow.resources.stalled", this, gauges -> gauges.tally().stalled(mode))
          .description("TaskOverflows whose condition Stalled is True: they wait for their user")
          .tag("mode", mode.name())
          .strongReference(true)
          .register(registry);
    }
  }

  /**
   * Counts these resources from now on: those of the controller's informer cache, which exists once
   * the controller is registered; until then there are none.
   */
  public void countFrom(Supplier<Stream<TaskOverflow>> resources) {
    this.resources = resources;
  }

  private synchronized ResourceTally tally() {
    long now = clock.monotonicTime();
    if (!counted || now - lastAt >= ONE_SCRAPE_NANOS) {
      last = leading.getAsBoolean() ? ResourceTally.of(resources.get()) : ResourceTally.NONE;
      lastAt = now;
      counted = true;
    }
    return last;
  }
}
