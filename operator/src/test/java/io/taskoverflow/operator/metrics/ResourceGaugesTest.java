package io.taskoverflow.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.DatabaseMode;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResourceGaugesTest {

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final AtomicBoolean leading = new AtomicBoolean(true);
  private final AtomicInteger walks = new AtomicInteger();
  private final ResourceGauges gauges = new ResourceGauges(registry, leading::get);

  @Test
  void everyModeAndPhaseHasItsSeriesAtZeroFromTheStart() {
    assertThat(registry.find("taskoverflow.resources").gauges())
        .hasSize(DatabaseMode.values().length * Phase.values().length)
        .allSatisfy(gauge -> assertThat(gauge.value()).isZero());
    assertThat(registry.find("taskoverflow.resources.stalled").gauges())
        .hasSize(DatabaseMode.values().length);
  }

  @Test
  void countsTheGivenResourcesOncePerScrape() {
    countFrom(
        List.of(TaskOverflows.withDefaults("ns", "a"), TaskOverflows.withDefaults("ns", "b")));

    assertThat(resources("InCluster", "Pending")).isEqualTo(2);
    assertThat(resources("InCluster", "Ready")).isZero();
    assertThat(walks).as("the series of one scrape share one walk of the cache").hasValue(1);

    clock.add(Duration.ofSeconds(30));
    resources("InCluster", "Pending");
    assertThat(walks).as("the next scrape walks it again").hasValue(2);
  }

  @Test
  void aReplicaThatDoesNotLeadCountsNothing() {
    leading.set(false);
    countFrom(List.of(TaskOverflows.withDefaults("ns", "a")));

    assertThat(resources("InCluster", "Pending")).isZero();

    leading.set(true);
    clock.add(1, TimeUnit.MINUTES);
    assertThat(resources("InCluster", "Pending")).isEqualTo(1);
  }

  private void countFrom(List<TaskOverflow> cached) {
    gauges.countFrom(
        () -> {
          walks.incrementAndGet();
          return cached.stream();
        });
  }

  private double resources(String mode, String phase) {
    return registry
        .get("taskoverflow.resources")
        .tags("mode", mode, "phase", phase)
        .gauge()
        .value();
  }
}
