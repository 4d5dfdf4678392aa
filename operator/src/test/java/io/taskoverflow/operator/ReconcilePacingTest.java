package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilePacingTest {

  @Test
  void retriesBackOffFromOneSecondByTwoUpToThirtySecondsAndNeverGiveUp() {
    RetryExecution execution = ReconcilePacing.retry().initExecution();
    List<Long> delays = new ArrayList<>();
    for (int attempt = 0; attempt < 1_000; attempt++) {
      delays.add(execution.nextDelay().orElseThrow());
      assertThat(execution.isLastAttempt()).isFalse();
    }
    // JOSDK waits the first interval twice before multiplying.
    assertThat(delays.subList(0, 8))
        .containsExactly(1_000L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
    assertThat(delays).allMatch(delay -> delay <= 30_000L);
  }
}
