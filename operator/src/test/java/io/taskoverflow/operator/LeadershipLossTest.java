package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskoverflow.operator.metrics.LeaderGauge;
import org.junit.jupiter.api.Test;

class LeadershipLossTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void theLeaderGaugeFollowsLeaderElectionsCallbacks() {
    LeaderGauge leader = new LeaderGauge(registry, true);
    LeadershipLoss leadership = new LeadershipLoss();
    LeaderCallbacks callbacks =
        leadership.configuration("lease", "ns", leader).getLeaderCallbacks().orElseThrow();
    assertThat(leaderGauge()).as("waiting for the Lease").isZero();

    callbacks.onStartLeading();
    assertThat(leaderGauge()).isEqualTo(1);

    // Stopping first: a leader that loses the Lease otherwise ends the process (this JVM).
    leadership.stopping();
    callbacks.onStopLeading();
    assertThat(leaderGauge()).isZero();
  }

  @Test
  void withoutLeaderElectionTheProcessLeadsFromTheStart() {
    new LeaderGauge(registry, false);

    assertThat(leaderGauge()).isEqualTo(1);
  }

  private double leaderGauge() {
    return registry.get("taskoverflow.operator.leader").gauge().value();
  }
}
