package io.taskoverflow.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DistributionTest {

  @Test
  void percentilesAreNearestRank() {
    Distribution distribution =
        Distribution.ofNanos(
            LongStream.rangeClosed(1, 10).map(ms -> ms * 1_000_000).boxed().toList());
    assertThat(distribution.p50()).isEqualTo(5.0);
    assertThat(distribution.p90()).isEqualTo(9.0);
    assertThat(distribution.max()).isEqualTo(10.0);
  }

  @Test
  void nothingMeasuredIsShownAsADash() {
    assertThat(Distribution.ofNanos(List.of()).format()).isEqualTo("–");
  }
}
