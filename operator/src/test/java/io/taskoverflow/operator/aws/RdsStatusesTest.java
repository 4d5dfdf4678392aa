package io.taskoverflow.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RdsStatusesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "stopped",
        "storage-full",
        "inaccessible-encryption-credentials-recoverable",
        "insufficient-capacity"
      })
  void aStatusOnlyTheUserEndsIsPolledSlowlyAndReportedAsNeedingThem(String status) {
    assertThat(RdsStatuses.settled(status)).isTrue();
    assertThat(RdsStatuses.needsUser(status)).isTrue();
    assertThat(RdsStatuses.serves(status)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"backing-up", "modifying", "resetting-master-credentials"})
  void routineWorkKeepsServingAndIsPolledFast(String status) {
    assertThat(RdsStatuses.serves(status)).isTrue();
    assertThat(RdsStatuses.settled(status)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"creating", "deleting", "rebooting", "a-status-aws-adds-later"})
  void anyOtherStatusIsAwsAtWork(String status) {
    assertThat(RdsStatuses.serves(status)).isFalse();
    assertThat(RdsStatuses.needsUser(status)).isFalse();
    assertThat(RdsStatuses.settled(status)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"available"})
  void availableServesAndIsSettled(String status) {
    assertThat(RdsStatuses.serves(status)).isTrue();
    assertThat(RdsStatuses.settled(status)).isTrue();
  }
}
