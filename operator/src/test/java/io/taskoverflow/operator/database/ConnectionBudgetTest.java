package io.taskoverflow.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.flow.DatabaseFlows;
import io.taskoverflow.operator.testsupport.Flows;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {

  private static final DatabaseFlows FLOWS = Flows.withIdleAws();

  @Test
  void fewPodsGetTheFullPool() {
    assertThat(new ConnectionBudget(100).poolSize(2)).isEqualTo(ConnectionBudget.MAX_POOL);
  }

  @Test
  void everyPodAndTheRolloutsExtraOnesFitBelowTheLimit() {
    for (int limit : new int[] {10, 80, 100, 300}) {
      for (int replicas = 1; replicas <= 50; replicas++) {
        int pods = replicas + (int) Math.ceil(replicas / 4.0);
        if (pods + ConnectionBudget.RESERVED > limit) {
          continue; // refused at admission
        }
        int pool = new ConnectionBudget(limit).poolSize(replicas);
        assertThat(pods * pool + ConnectionBudget.RESERVED)
            .as("%d replicas of pool %d against max_connections %d", replicas, pool, limit)
            .isLessThanOrEqualTo(limit);
        assertThat(pool).isBetween(1, ConnectionBudget.MAX_POOL);
      }
    }
  }

  @Test
  void twelveReplicasOnTheInClusterDefaultNoLongerAskForMoreThanItAllows() {
    // Before: 12 pods of 10 connections against PostgreSQL's 100.
    assertThat(new ConnectionBudget(100).poolSize(12)).isEqualTo(95 / 15);
  }

  @Test
  void theLimitDefaultsByMode() {
    assertThat(budget("database: {mode: InCluster}").maxConnections()).isEqualTo(100);
    assertThat(
            budget("database: {mode: External, external: {secretRef: {name: s}}}").maxConnections())
        .isEqualTo(80);
    assertThat(budget("database: {mode: RDS, maxConnections: 40}").maxConnections()).isEqualTo(40);
  }

  /** The budget of a resource, with the provisioner its mode's flow gives it. */
  private static ConnectionBudget budget(String spec) {
    TaskOverflow resource = TaskOverflows.parse("ns", "a", spec);
    return ConnectionBudget.of(resource, FLOWS.of(resource).provisioner());
  }
}
