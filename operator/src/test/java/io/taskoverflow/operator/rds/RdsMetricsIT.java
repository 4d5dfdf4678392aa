package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Await;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.FaultyAws;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import io.taskoverflow.operator.testsupport.RdsFixtures;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Scrape;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The RDS series of the operator's {@code /metrics} against moto: each API call by operation and
 * AWS error code, the poller's cycles, and, with the fault proxy in front of moto, the attempts AWS
 * throttled, also those the SDK's retries carried through.
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class RdsMetricsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String CALLS = "taskoverflow_rds_api_calls_total";
  private static final String THROTTLED = "taskoverflow_rds_api_throttled_attempts_total";

  @Test
  void everyCallIsCountedByItsOutcomeAndEveryPollCycleIsTimed(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-metrics");
    RdsCalls calls = new RdsCalls();
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, calls, RdsFixtures.env(ns, network))) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");
      TaskOverflows.create(
          client, ns, "lost", "database: {mode: RDS, rds: {subnetGroupName: no-such-group}}\n");

      RdsFixtures.awaitConnection(client, ns, "shop");
      Await.await(client, ns, Deployment.class, "shop");
      Simulated.deploymentReady(client, ns, "shop");
      Eventually.await(
          "one RDS resource Ready, the other Failed and stalled",
          TIMEOUT,
          () -> {
            Scrape scrape = operator.scrape();
            return resources(scrape, "Ready") == 1
                && resources(scrape, "Failed") == 1
                && scrape.value("taskoverflow_resources_stalled", "mode", "RDS") == 1;
          });

      Scrape scrape = operator.scrape();
      assertThat(scrape.value(CALLS, "action", "CreateDBInstance", "error_code", "none"))
          .isEqualTo(1);
      assertThat(
              scrape.value(
                  CALLS, "action", "CreateDBInstance", "error_code", "DBSubnetGroupNotFoundFault"))
          .isPositive();
      assertThat(scrape.value(CALLS, "action", "CreateDBInstance"))
          .as("as many as the SDK made")
          .isEqualTo(calls.count("CreateDBInstance"));
      assertThat(scrape.value(CALLS, "action", "DescribeDBInstances", "error_code", "none"))
          .isPositive();
      assertThat(scrape.value(THROTTLED)).as("moto never throttles").isZero();
      assertThat(scrape.value("taskoverflow_rds_poll_duration_seconds_count")).isPositive();
      assertThat(scrape.value("taskoverflow_rds_poll_duration_seconds_sum")).isPositive();
      assertThat(scrape.value("taskoverflow_rds_poll_instances"))
          .as("the one instance AWS accepted")
          .isEqualTo(1);
      System.out.println("RdsMetricsIT: the RDS series:");
      scrape.samples().stream()
          .filter(s -> s.name().startsWith("taskoverflow_rds_"))
          .forEach(s -> System.out.println("  " + s));

      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void throttledAttemptsAreCountedAlsoWhenARetryCarriesTheCallThrough(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-throttled");
    Map<String, String> env = new HashMap<>(RdsFixtures.env(ns, network));
    try (FaultyAws aws = FaultyAws.inFrontOf(moto.endpoint())) {
      env.put("AWS_ENDPOINT_OVERRIDE", aws.endpoint().toString());
      // The first call, the poller's first DescribeDBInstances, gets through on its third attempt.
      aws.throttleNext(2);
      try (RunningOperator operator = RunningOperator.withRds(client, moto, new RdsCalls(), env)) {
        TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");
        RdsFixtures.awaitConnection(client, ns, "shop");

        Scrape retried = operator.scrape();
        assertThat(aws.throttled()).isEqualTo(2);
        assertThat(retried.value(THROTTLED, "action", "DescribeDBInstances")).isEqualTo(2);
        assertThat(retried.value(CALLS, "error_code", "Throttling"))
            .as("the retries carried every call through")
            .isZero();

        aws.throttle(true);
        Eventually.await(
            "a poll that the throttling outlasts",
            TIMEOUT,
            () ->
                operator
                        .scrape()
                        .value(CALLS, "action", "DescribeDBInstances", "error_code", "Throttling")
                    >= 1);
        Scrape outlasted = operator.scrape();
        assertThat(outlasted.value(THROTTLED, "action", "DescribeDBInstances"))
            .as("two early ones and at least five attempts of the failed call")
            .isGreaterThanOrEqualTo(7);
        System.out.printf(
            "RdsMetricsIT: proxy throttled %d requests; %s counted %s%n",
            aws.throttled(), THROTTLED, outlasted.value(THROTTLED));

        aws.throttle(false);
        TaskOverflows.deleteAll(client, ns);
      }
    }
  }

  private static double resources(Scrape scrape, String phase) {
    return scrape.value("taskoverflow_resources", "mode", "RDS", "phase", phase);
  }
}
