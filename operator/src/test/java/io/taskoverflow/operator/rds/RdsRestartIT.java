package io.taskoverflow.operator.rds;

import static io.taskoverflow.operator.testsupport.Await.await;
import static io.taskoverflow.operator.testsupport.RdsFixtures.awaitConnection;
import static io.taskoverflow.operator.testsupport.RdsFixtures.env;
import static io.taskoverflow.operator.testsupport.RdsFixtures.onlyInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * An operator that stops in the middle of a create (AWS accepted CreateDBInstance, the answer never
 * arrived) leaves a successor nothing to create twice.
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class RdsRestartIT {

  @Test
  void restartAfterACreateWhoseAnswerWasLostMakesNoSecondInstance(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-restart");
    RdsCalls first = new LosesCreateAnswers();
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, first, env(ns, network))) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");
      Eventually.await(
          "the first operator sent CreateDBInstance",
          Duration.ofSeconds(60),
          () -> first.count("CreateDBInstance") >= 1);
    }
    assertThat(rds.describeDBInstances().dbInstances())
        .as("AWS made the instance although its answer was lost")
        .hasSize(1);

    RdsCalls second = new RdsCalls();
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, second, env(ns, network))) {
      awaitConnection(client, ns, "shop");

      assertThat(onlyInstance(rds).dbInstanceIdentifier()).contains("shop");
      assertThat(second.count("CreateDBInstance")).isZero();
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void aRestartLeavesAReadyResourceUntouched(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-steady-restart");
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, new RdsCalls(), env(ns, network))) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");
      awaitConnection(client, ns, "shop");
      await(client, ns, Deployment.class, "shop");
      Simulated.deploymentReady(client, ns, "shop");
      TaskOverflows.awaitPhase(client, ns, "shop", Phase.Ready);
      Thread.sleep(3_000); // the last status write settles
    }
    String before = TaskOverflows.of(client, ns, "shop").get().getMetadata().getResourceVersion();

    RdsCalls second = new RdsCalls();
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, second, env(ns, network))) {
      Eventually.await(
          "the new operator has polled a few times",
          Duration.ofSeconds(30),
          () -> second.count("DescribeDBInstances") >= 3);

      assertThat(TaskOverflows.of(client, ns, "shop").get().getMetadata().getResourceVersion())
          .as("no status write: the resource never looked unready to the new operator")
          .isEqualTo(before);
      assertThat(second.all())
          .allSatisfy(call -> assertThat(call.operation()).isEqualTo("DescribeDBInstances"));
      TaskOverflows.deleteAll(client, ns);
    }
  }

  /** Lets CreateDBInstance reach moto, then fails it as a lost connection would. */
  private static final class LosesCreateAnswers extends RdsCalls {
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      if ("CreateDBInstance"
          .equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        throw SdkClientException.create("connection reset while reading the answer");
      }
    }
  }
}
