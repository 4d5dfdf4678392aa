package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import io.taskoverflow.operator.testsupport.RdsFixtures;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.ThrottlingAws;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * While AWS answers every request with Throttling, more RDS resources than the operator has
 * reconcile threads keep retrying, and in-cluster resources created meanwhile are still served at
 * once: RDS holds at most its share of the threads.
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class ThrottledAwsIT {

  private static final int RDS_RESOURCES = 12;
  private static final int IN_CLUSTER_RESOURCES = 4;

  /** Far below what a throttled AWS request takes (the SDK retries for up to 90 s). */
  private static final Duration PROMPT = Duration.ofSeconds(30);

  @Test
  void inClusterResourcesAreNotDelayedByAThrottlingAws(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "throttled");
    Map<String, String> env = new HashMap<>(RdsFixtures.env(ns, network));
    try (ThrottlingAws aws = ThrottlingAws.inFrontOf(moto.endpoint())) {
      env.put("AWS_ENDPOINT_OVERRIDE", aws.endpoint().toString());
      aws.throttle(true);
      try (RunningOperator operator = RunningOperator.withRds(client, moto, new RdsCalls(), env)) {
        IntStream.range(0, RDS_RESOURCES)
            .forEach(
                i ->
                    TaskOverflows.create(
                        client, ns, "rds-" + i, "database:\n  mode: RDS\n  rds: {}\n"));
        Eventually.await("AWS is being asked and throttles", PROMPT, () -> aws.throttled() > 0);

        List<Duration> toReady =
            IntStream.range(0, IN_CLUSTER_RESOURCES)
                .mapToObj(i -> TaskOverflows.create(client, ns, "local-" + i, ""))
                .toList()
                .stream()
                .map(resource -> timeToReady(client, ns, resource))
                .toList();

        assertThat(toReady).allSatisfy(took -> assertThat(took).isLessThan(PROMPT));
        int throttledSoFar = aws.throttled();
        Eventually.await(
            "AWS still throttles the RDS resources",
            PROMPT,
            () -> aws.throttled() > throttledSoFar);
        assertThat(IntStream.range(0, RDS_RESOURCES).mapToObj(i -> phase(client, ns, "rds-" + i)))
            .as("no RDS resource got anywhere meanwhile")
            .doesNotContain(Phase.Ready);
        aws.throttle(false);
        TaskOverflows.deleteAll(client, ns);
      }
    }
  }

  /** From creation to Ready, with a kubelet's reports simulated as soon as the objects exist. */
  private static Duration timeToReady(KubernetesClient client, String ns, TaskOverflow created) {
    String name = created.getMetadata().getName();
    Instant start = Instant.parse(created.getMetadata().getCreationTimestamp());
    Eventually.await(
        name + "'s PostgreSQL is created",
        PROMPT,
        () ->
            client.apps().statefulSets().inNamespace(ns).withName(name + "-postgres").get()
                != null);
    Simulated.postgresReady(client, ns, name + "-postgres");
    Eventually.await(
        name + "'s app is created",
        PROMPT,
        () -> client.apps().deployments().inNamespace(ns).withName(name).get() != null);
    Simulated.deploymentReady(client, ns, name);
    TaskOverflows.awaitPhase(client, ns, name, Phase.Ready);
    return Duration.between(start, Instant.now());
  }

  private static Phase phase(KubernetesClient client, String ns, String name) {
    TaskOverflow current = TaskOverflows.of(client, ns, name).get();
    return current.getStatus() == null ? null : current.getStatus().phase();
  }
}
