package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bounded number of RDS reconciles at once; whoever was turned away is woken by a release. */
class RdsRequestSlotsTest {

  private final List<ResourceID> woken = new ArrayList<>();
  private final RdsRequestSlots slots = new RdsRequestSlots(2, woken::add);

  @Test
  void aThirdOfTheThreadsAndAtLeastOne() {
    assertThat(RdsRequestSlots.shareOf(10)).isEqualTo(3);
    assertThat(RdsRequestSlots.shareOf(2)).isEqualTo(1);
  }

  @Test
  void everyWaitingResourceIsWokenSoThatAGoneOneHoldsNobodyUp() {
    ResourceID a = new ResourceID("a", "ns");
    ResourceID b = new ResourceID("b", "ns");
    slots.tryAcquire(a);
    slots.tryAcquire(b);
    ResourceID deletedMeanwhile = new ResourceID("gone", "ns");
    ResourceID c = new ResourceID("c", "ns");
    slots.tryAcquire(deletedMeanwhile);
    slots.tryAcquire(c);

    slots.release();

    assertThat(woken).containsExactlyInAnyOrder(deletedMeanwhile, c);
  }

  @Test
  void aResourceTurnedAwayIsWokenWhenASlotFrees() {
    ResourceID a = new ResourceID("a", "ns");
    ResourceID b = new ResourceID("b", "ns");
    ResourceID c = new ResourceID("c", "ns");

    assertThat(slots.tryAcquire(a)).isTrue();
    assertThat(slots.tryAcquire(b)).isTrue();
    assertThat(slots.tryAcquire(c)).as("both slots taken").isFalse();
    assertThat(woken).isEmpty();

    slots.release();

    assertThat(woken).containsExactly(c);
    assertThat(slots.tryAcquire(c)).isTrue();
    slots.release();
    assertThat(woken).as("nobody else was waiting").containsExactly(c);
  }
}
