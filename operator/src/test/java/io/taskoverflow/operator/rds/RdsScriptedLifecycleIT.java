package io.taskoverflow.operator.rds;

import static io.taskoverflow.operator.testsupport.RdsFixtures.awaitConnection;
import static io.taskoverflow.operator.testsupport.TaskOverflows.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.ScriptedRdsGateway;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator against a real API server with an AWS that behaves as scripted: what moto cannot
 * show. An instance that stays creating keeps the app away; routine work on an available instance
 * does not; a failed instance fails the resource until it recovers; a create whose answer is lost
 * makes one instance.
 */
@ExtendWith(KubeApiServerExtension.class)
class RdsScriptedLifecycleIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void theAppWaitsForAnInstanceThatStaysCreatingAndStaysThroughRoutineWork(KubernetesClient client)
      throws Exception {
    String ns = TestNamespaces.create(client, "rds-script");
    ScriptedRdsGateway aws =
        new ScriptedRdsGateway()
            .creatingFor("creating", "creating", "creating", "creating", "backing-up", "available")
            .modifyingFor("modifying", "modifying", "modifying", "available");
    try (RunningOperator operator = RunningOperator.withRds(client, config(ns), aws)) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");

      TaskOverflow creating =
          await(
              client,
              ns,
              "creating for a while",
              r -> status(r, "creating") && aws.count("DescribeDBInstances") >= 3);
      assertThat(creating.getStatus().phase()).isEqualTo(Phase.Provisioning);
      assertThat(condition(creating, "DatabaseReady").getReason()).isEqualTo("InstanceCreating");
      assertThat(client.apps().deployments().inNamespace(ns).withName("shop").get())
          .as("no app while the instance is creating")
          .isNull();

      awaitConnection(client, ns, "shop");
      Eventually.await(
          "the app once the instance has an endpoint",
          TIMEOUT,
          () -> client.apps().deployments().inNamespace(ns).withName("shop").get() != null);
      Simulated.deploymentReady(client, ns, "shop");
      TaskOverflow ready = TaskOverflows.awaitPhase(client, ns, "shop", Phase.Ready);
      assertThat(ready.getStatus().database().status())
          .as("the first backup does not keep the app away")
          .isIn("backing-up", "available");
      await(client, ns, "available", r -> status(r, "available"));

      TaskOverflows.replaceSpec(
          client, ns, "shop", "database: {mode: RDS, rds: {instanceClass: db.t3.small}}\n");
      TaskOverflow modifying = await(client, ns, "modifying", r -> status(r, "modifying"));
      assertThat(modifying.getStatus().phase())
          .as("a modification does not take the app away")
          .isEqualTo(Phase.Ready);
      await(client, ns, "available again", r -> status(r, "available"));
      assertThat(aws.count("ModifyDBInstance")).isEqualTo(1);
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void aFailedInstanceFailsTheResourceUntilAwsRecoversIt(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "rds-failed");
    ScriptedRdsGateway aws = new ScriptedRdsGateway();
    try (RunningOperator operator = RunningOperator.withRds(client, config(ns), aws)) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");
      awaitConnection(client, ns, "shop");
      String identifier = RdsIdentifier.derive(ns, "shop");

      aws.setStatus(identifier, "storage-full");
      TaskOverflow full = TaskOverflows.awaitPhase(client, ns, "shop", Phase.Failed);
      assertThat(condition(full, "DatabaseReady").getReason()).isEqualTo("InstanceStorageFull");
      assertThat(full.getStatus().database().status()).isEqualTo("storage-full");

      aws.setStatus(identifier, "available");
      Simulated.deploymentReady(client, ns, "shop");
      TaskOverflows.awaitPhase(client, ns, "shop", Phase.Ready);
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void aCreateWhoseAnswerIsLostMakesOneInstance(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "rds-timeout");
    ScriptedRdsGateway aws = new ScriptedRdsGateway().loseNextCreateAnswer();
    try (RunningOperator operator = RunningOperator.withRds(client, config(ns), aws)) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");

      awaitConnection(client, ns, "shop");

      assertThat(aws.instanceCount()).isEqualTo(1);
      TaskOverflows.deleteAll(client, ns);
      assertThat(aws.instanceCount()).isZero();
    }
  }

  private static OperatorConfig config(String ns) {
    return OperatorConfig.fromEnv(
        Map.of(
            "WATCH_NAMESPACES", ns,
            "TODO_IMAGE", RunningOperator.TODO_IMAGE,
            "RDS_SUBNET_GROUP", "taskoverflow-db",
            "RDS_SECURITY_GROUP_IDS", "sg-0123456789abcdef0",
            "RDS_POLL_FAST_SECONDS", "1",
            "RDS_POLL_SLOW_SECONDS", "2"));
  }

  private static boolean status(TaskOverflow resource, String status) {
    return resource.getStatus() != null
        && resource.getStatus().database() != null
        && status.equals(resource.getStatus().database().status());
  }

  private static TaskOverflow await(
      KubernetesClient client, String ns, String what, Predicate<TaskOverflow> condition) {
    Eventually.await(
        what, TIMEOUT, () -> condition.test(TaskOverflows.of(client, ns, "shop").get()));
    return TaskOverflows.of(client, ns, "shop").get();
  }
}
