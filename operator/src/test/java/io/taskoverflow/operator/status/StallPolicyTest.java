package io.taskoverflow.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each reason's decision, as the README's reasons table states it. */
class StallPolicyTest {

  private static final Instant NOT_READY_SINCE = Instant.parse("2026-12-07T10:00:00Z");

  @ParameterizedTest(name = "{0} stalls after {1} s")
  @CsvSource({
    "NameTaken, 0",
    "InvalidSpec, 0",
    "ImagePullFailed, 30",
    "ContainerConfigError, 30",
    "VolumePending, 30",
    "CrashLoopBackOff, 180",
    "Unschedulable, 300"
  })
  void aReasonThatStallsDoesSoOnceItsGraceHasPassed(String reason, long graceSeconds) {
    Duration grace = Duration.ofSeconds(graceSeconds);
    assertThat(StallPolicy.grace(reason, false)).contains(grace);
    assertThat(StallPolicy.untilStalled(reason, false, NOT_READY_SINCE, NOT_READY_SINCE))
        .contains(grace);
    Instant justBefore = NOT_READY_SINCE.plus(grace).minusSeconds(1);
    if (!grace.isZero()) {
      assertThat(StallPolicy.untilStalled(reason, false, NOT_READY_SINCE, justBefore))
          .contains(Duration.ofSeconds(1));
    }
    assertThat(StallPolicy.untilStalled(reason, false, NOT_READY_SINCE, justBefore.plusSeconds(2)))
        .contains(Duration.ZERO);
  }

  @ParameterizedTest(name = "{0} never stalls")
  @CsvSource({
    "ReconcileError",
    "DatabaseStarting",
    "Creating",
    "ReplicasNotReady",
    "WaitingForDatabase",
    "Deleting"
  })
  void aReasonTheOperatorRetriesOrWaitsOutNeverStalls(String reason) {
    assertThat(StallPolicy.grace(reason, false)).isEmpty();
    assertThat(StallPolicy.untilStalled(reason, false, NOT_READY_SINCE, Instant.MAX)).isEmpty();
  }

  @ParameterizedTest(name = "{0}, marked action-required, stalls at once")
  @CsvSource({"SecretNotFound", "AccessDenied", "ReconcileError"})
  void whatTheDatabaseMarksActionRequiredStallsAtOnce(String reason) {
    assertThat(StallPolicy.grace(reason, true)).contains(Duration.ZERO);
  }
}
