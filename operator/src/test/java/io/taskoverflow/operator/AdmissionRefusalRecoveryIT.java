package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KstatusCheck;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.OperatorExtension;
import io.taskoverflow.operator.testsupport.OutageRecovery;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An admission check that refuses the operator's Deployments for a while (a webhook that is down, a
 * policy being rolled out) must not leave resources Failed once it lets them through again: retries
 * go on, so each resource recovers by itself, with no edit. The refusal is the API server's own
 * ValidatingAdmissionPolicy, which needs no webhook server.
 */
@ExtendWith({KubeApiServerExtension.class, OperatorExtension.class})
class AdmissionRefusalRecoveryIT {

  private static final Duration REFUSAL = Duration.ofSeconds(90);
  private static final Duration RECOVERY = Duration.ofMinutes(2);
  private static final String REFUSED = "Deployments are refused while the test says so";

  private static final List<String> IN_CLUSTER = List.of("local-1", "local-2", "local-3");
  private static final List<String> EXTERNAL = List.of("ext-1", "ext-2", "ext-3");

  @Test
  void resourcesWhoseDeploymentsWereRefusedForNinetySecondsBecomeReadyWithinTwoMinutesAfter(
      KubernetesClient client) {
    String ns = TestNamespaces.create(client, "refused");
    List<HasMetadata> policy = refuseDeployments(client, ns);
    UserSecrets.databaseUri(client, ns, "shared-db", "postgresql://app:pw@db.example.com/todo");
    long refusingSince = System.nanoTime();
    OutageRecovery.createInParallel(
        client,
        ns,
        Map.of(
            "local-1",
            "{}",
            "local-2",
            "{}",
            "local-3",
            "{}",
            "ext-1",
            external(),
            "ext-2",
            external(),
            "ext-3",
            external()));

    // Each in-cluster database becomes ready meanwhile; only the Deployments are refused.
    for (String name : IN_CLUSTER) {
      Eventually.await(
          name + "'s StatefulSet exists",
          Duration.ofSeconds(60),
          () ->
              client.apps().statefulSets().inNamespace(ns).withName(name + "-postgres").get()
                  != null);
      Simulated.postgresReady(client, ns, name + "-postgres");
    }
    for (String name : all()) {
      Eventually.await(
          name + " reports the refusal",
          Duration.ofSeconds(60),
          () -> {
            TaskOverflow current = TaskOverflows.of(client, ns, name).get();
            return current.getStatus() != null
                && current.getStatus().conditions().stream()
                    .anyMatch(
                        c ->
                            "AppReady".equals(c.getType())
                                && "ReconcileError".equals(c.getReason())
                                && c.getMessage().contains(REFUSED));
          });
    }
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    for (String name : all()) {
      TaskOverflow refused = TaskOverflows.of(client, ns, name).get();
      KstatusCheck.assertMessagesAreForUsers(refused);
      assertThat(KstatusCheck.of(refused))
          .as(name + ": a refusal that may pass reads InProgress, not Failed")
          .extracting(KstatusCheck.Result::status, KstatusCheck.Result::argocd)
          .containsExactly("InProgress", "Progressing");
      assertThat(TaskOverflows.condition(refused, "Stalled").getStatus()).isEqualTo("False");
    }

    OutageRecovery.sleepUntil(refusingSince, REFUSAL);
    client.resourceList(policy).delete();
    Map<String, Duration> readyAfter = OutageRecovery.awaitReady(client, ns, all(), RECOVERY);

    System.out.printf("Ready after the refusal ended: %s%n", readyAfter);
    assertThat(readyAfter).containsOnlyKeys(all());
  }

  private static List<String> all() {
    return java.util.stream.Stream.concat(IN_CLUSTER.stream(), EXTERNAL.stream()).toList();
  }

  private static String external() {
    return "database: {mode: External, external: {secretRef: {name: shared-db}}}\n";
  }

  /** A policy that denies creating or changing a Deployment in {@code ns}, once it is in force. */
  private static List<HasMetadata> refuseDeployments(KubernetesClient client, String ns) {
    String name = "refuse-deployments-" + ns;
    List<HasMetadata> policy =
        client
            .load(
                new java.io.ByteArrayInputStream(
                    ("""
                    apiVersion: admissionregistration.k8s.io/v1
                    kind: ValidatingAdmissionPolicy
                    metadata: {name: %1$s}
                    spec:
                      failurePolicy: Fail
                      matchConstraints:
                        resourceRules:
                        - apiGroups: [apps]
                          apiVersions: [v1]
                          operations: [CREATE, UPDATE]
                          resources: [deployments]
                      validations:
                      - expression: "false"
                        message: "%3$s"
                    ---
                    apiVersion: admissionregistration.k8s.io/v1
                    kind: ValidatingAdmissionPolicyBinding
                    metadata: {name: %1$s}
                    spec:
                      policyName: %1$s
                      validationActions: [Deny]
                      matchResources:
                        namespaceSelector:
                          matchLabels: {kubernetes.io/metadata.name: %2$s}
                    """)
                        .formatted(name, ns, REFUSED)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .items();
    client.resourceList(policy).create();
    // The API server applies a new policy a moment later: wait until a dry run is refused.
    Eventually.await(
        "the policy refuses Deployments in " + ns,
        Duration.ofSeconds(60),
        () -> {
          try {
            client.apps().deployments().inNamespace(ns).resource(probe()).dryRun().create();
            return false;
          } catch (KubernetesClientException e) {
            return e.getMessage().contains(REFUSED);
          }
        });
    return policy;
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment probe() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("probe")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", "probe")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "probe")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("probe")
        .withImage("registry.test/probe:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
