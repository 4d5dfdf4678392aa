package io.taskoverflow.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryNumberLimitTest {

  @Test
  void retryNumbersPastTheLimitShareOneSeries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(RetryNumberLimit.filter());

    IntStream.range(0, 1000)
        .forEach(
            retry ->
                registry
                    .counter(
                        "operator.sdk.reconciliations.started",
                        "reconciliations.retries.number",
                        String.valueOf(retry))
                    .increment());

    assertThat(registry.getMeters())
        .extracting(meter -> meter.getId().getTag("reconciliations.retries.number"))
        .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6+");
    assertThat(
            registry
                .get("operator.sdk.reconciliations.started")
                .tag("reconciliations.retries.number", "6+")
                .counter()
                .count())
        .isEqualTo(994);
  }
}
