package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.FaultyAws;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * While AWS throttles every request, or answers each only after 30 s, more RDS resources than the
 * operator has reconcile threads keep trying, and in-cluster resources created meanwhile are still
 * served at once: RDS holds at most its share of the threads. And a deleted resource does not wait
 * for an AWS that does not answer.
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class SlowAwsIT {

  private static final int RDS_RESOURCES = 12;
  private static final int IN_CLUSTER_RESOURCES = 4;

  /** Far below what a throttled AWS request takes (the SDK retries for up to 90 s). */
  private static final Duration PROMPT = Duration.ofSeconds(30);

  /** What AWS does wrong: each is a way for RDS calls to hold threads. */
  enum Fault {
    THROTTLING,
    SLOW_ANSWERS;

    void on(FaultyAws aws) {
      if (this == THROTTLING) {
        aws.throttle(true);
      } else {
        aws.delay(Duration.ofSeconds(30));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void inClusterResourcesAreNotDelayedByATroubledAws(
      Fault fault, KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "slow-aws");
    Map<String, String> env = new HashMap<>(RdsFixtures.env(ns, network));
    try (FaultyAws aws = FaultyAws.inFrontOf(moto.endpoint())) {
      env.put("AWS_ENDPOINT_OVERRIDE", aws.endpoint().toString());
      fault.on(aws);
      try (RunningOperator operator = RunningOperator.withRds(client, moto, new RdsCalls(), env)) {
        IntStream.range(0, RDS_RESOURCES)
            .forEach(
                i ->
                    TaskOverflows.create(
                        client, ns, "rds-" + i, "database:\n  mode: RDS\n  rds: {}\n"));
        Eventually.await("AWS is being asked", PROMPT, () -> aws.requests() > 0);

        List<Duration> toReady =
            IntStream.range(0, IN_CLUSTER_RESOURCES)
                .mapToObj(i -> TaskOverflows.create(client, ns, "local-" + i, "replicas: 1\n"))
                .toList()
                .stream()
                .map(resource -> timeToReady(client, ns, resource))
                .toList();

        System.out.printf("%s: in-cluster resources Ready after %s%n", fault, toReady);
        assertThat(toReady).allSatisfy(took -> assertThat(took).isLessThan(PROMPT));
        assertThat(IntStream.range(0, RDS_RESOURCES).mapToObj(i -> phase(client, ns, "rds-" + i)))
            .as("no RDS resource got anywhere meanwhile")
            .doesNotContain(Phase.Ready);
        aws.throttle(false);
        aws.delay(Duration.ZERO);
        TaskOverflows.deleteAll(client, ns);
      }
    }
  }

  @Test
  void aDeletedResourceIsGoneWithinAMinuteWhenAwsOnlyThrottles(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "slow-aws-delete");
    Map<String, String> env = new HashMap<>(RdsFixtures.env(ns, network));
    try (FaultyAws aws = FaultyAws.inFrontOf(moto.endpoint())) {
      env.put("AWS_ENDPOINT_OVERRIDE", aws.endpoint().toString());
      try (RunningOperator operator = RunningOperator.withRds(client, moto, new RdsCalls(), env)) {
        TaskOverflows.create(client, ns, "shop", "database:\n  mode: RDS\n  rds: {}\n");
        RdsFixtures.awaitConnection(client, ns, "shop");
        aws.throttle(true);
        Instant deleted = Instant.now();

        TaskOverflows.of(client, ns, "shop").delete();

        Eventually.await(
            "the resource is gone",
            Duration.ofSeconds(60),
            () -> TaskOverflows.of(client, ns, "shop").get() == null);
        assertThat(Duration.between(deleted, Instant.now())).isLessThan(Duration.ofSeconds(60));
        assertThat(aws.throttled()).as("AWS answered nothing but Throttling").isPositive();
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
            .anySatisfy(
                event -> {
                  assertThat(event.getType()).isEqualTo("Warning");
                  assertThat(event.getReason()).isEqualTo("InstanceLeftBehind");
                  assertThat(event.getMessage())
                      .contains(RdsIdentifier.derive(ns, "shop"))
                      .contains("keeps running")
                      .contains("master credentials are in Secret");
                });
        assertThat(RdsFixtures.onlyInstance(rds).dbInstanceStatus())
            .as("nothing was deleted that AWS was not asked to delete")
            .isEqualTo("available");
        String identifier = RdsIdentifier.derive(ns, "shop");
        assertThat(client.secrets().inNamespace(ns).withName(identifier + "-master").get())
            .as("the instance left running keeps its generated password")
            .isNotNull();
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
