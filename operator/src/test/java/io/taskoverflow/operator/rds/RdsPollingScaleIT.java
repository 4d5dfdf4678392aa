package io.taskoverflow.operator.rds;

import static io.taskoverflow.operator.testsupport.RdsFixtures.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import io.taskoverflow.operator.testsupport.RdsCalls.Call;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Fifty resources in mode RDS cost one DescribeDBInstances per polling cycle, not fifty: every
 * DescribeDBInstances the operator's SDK client makes is recorded by an execution interceptor.
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class RdsPollingScaleIT {

  private static final int RESOURCES = 50;
  private static final Duration STEADY = Duration.ofSeconds(12);

  /** Calls closer together than this belong to one cycle (pages); cycles are 1-2 s apart. */
  private static final Duration SAME_CYCLE = Duration.ofMillis(500);

  @Test
  void fiftyResourcesAreObservedWithOneDescribeDBInstancesPerCycle(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-scale");
    RdsCalls calls = new RdsCalls();
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, calls, env(ns, network))) {
      for (int i = 0; i < RESOURCES; i++) {
        TaskOverflows.create(
            client, ns, "todo-" + i, "database: {mode: RDS, rds: {deletionPolicy: Delete}}\n");
      }
      Eventually.await(
          RESOURCES + " connection Secrets filled",
          Duration.ofSeconds(180),
          () ->
              client.secrets().inNamespace(ns).list().getItems().stream()
                      .filter(secret -> secret.getMetadata().getName().endsWith("-db"))
                      .map(Secret::getData)
                      .filter(data -> data != null && data.containsKey("uri"))
                      .count()
                  == RESOURCES);
      List<List<Call>> creating = cycles(calls.of("DescribeDBInstances"));
      assertThat(rds.describeDBInstances().dbInstances()).hasSize(RESOURCES);
      assertThat(calls.count("CreateDBInstance")).isEqualTo(RESOURCES);

      calls.clear();
      Thread.sleep(STEADY.toMillis());
      List<Call> steady = calls.all();

      List<List<Call>> cycles = cycles(calls.of("DescribeDBInstances"));
      System.out.printf(
          "RdsPollingScaleIT: %d resources; while creating %d cycles with %d DescribeDBInstances;"
              + " steady state %d cycles in %d s with %d DescribeDBInstances and %d calls in all%n",
          RESOURCES,
          creating.size(),
          creating.stream().mapToInt(List::size).sum(),
          cycles.size(),
          STEADY.toSeconds(),
          steady.stream().filter(c -> c.operation().equals("DescribeDBInstances")).count(),
          steady.size());
      assertThat(creating).as("cycles while creating").allSatisfy(c -> assertThat(c).hasSize(1));
      assertThat(cycles).as("steady cycles, every 2 s").hasSizeBetween(4, 8);
      assertThat(cycles).allSatisfy(cycle -> assertThat(cycle).hasSize(1));
      assertThat(steady)
          .as("nothing but the poller's DescribeDBInstances in steady state")
          .allSatisfy(
              call -> {
                assertThat(call.operation()).isEqualTo("DescribeDBInstances");
                assertThat(call.thread()).isEqualTo("rds-poller");
              });

      TaskOverflows.deleteAll(client, ns);
      assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
    }
  }

  private static List<List<Call>> cycles(List<Call> describes) {
    List<List<Call>> cycles = new ArrayList<>();
    Call previous = null;
    for (Call call : describes) {
      if (previous == null
          || Duration.between(previous.at(), call.at()).compareTo(SAME_CYCLE) > 0) {
        cycles.add(new ArrayList<>());
      }
      cycles.get(cycles.size() - 1).add(call);
      previous = call;
    }
    return cycles;
  }
}
