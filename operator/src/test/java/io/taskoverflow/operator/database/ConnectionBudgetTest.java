package io.taskoverflow.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.operator.external.ExternalDatabase;
import io.taskoverflow.operator.postgres.InClusterDatabase;
import io.taskoverflow.operator.rds.RdsDatabase;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {

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
    assertThat(
            ConnectionBudget.of(
                    TaskOverflows.parse("ns", "a", "database: {mode: InCluster}"),
                    InClusterDatabase.PROVISIONER)
                .maxConnections())
        .isEqualTo(100);
    assertThat(
            ConnectionBudget.of(
                    TaskOverflows.parse(
                        "ns", "a", "database: {mode: External, external: {secretRef: {name: s}}}"),
                    ExternalDatabase.PROVISIONER)
                .maxConnections())
        .isEqualTo(80);
    assertThat(
            ConnectionBudget.of(
                    TaskOverflows.parse("ns", "a", "database: {mode: RDS, maxConnections: 40}"),
                    RdsDatabase.PROVISIONER)
                .maxConnections())
        .isEqualTo(40);
  }
}
