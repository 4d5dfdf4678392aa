package io.taskoverflow.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** TaskOverflows and their pods on the cluster: creating them, waiting for them, looking in. */
final class Workloads {

  /** The demo's resource: a TaskOverflow "demo" of one replica on its in-cluster PostgreSQL. */
  static final String EXAMPLE = "examples/taskoverflow-local.yaml";

  private Workloads() {}

  /** Applies {@link #EXAMPLE} in the namespace, as {@code make demo} does; returns its name. */
  static String applyExample(KubernetesClient client, String namespace) {
    TaskOverflow example =
        client
            .resources(TaskOverflow.class)
            .load(KindCluster.REPOSITORY.resolve(EXAMPLE).toFile())
            .item();
    example.getMetadata().setNamespace(namespace);
    client.resource(example).inNamespace(namespace).create();
    return example.getMetadata().getName();
  }

  /**
   * An External TaskOverflow {@code name} of one replica whose Secret {@code secretName} (the
   * user's) holds the connection URI the operator generated for {@code source}: copied still
   * encoded, never printed. The operator's policies admit only {@code source}'s own todo pods to
   * its PostgreSQL, so the user adds the two NetworkPolicies that let {@code name}'s in (on a CNI
   * that enforces none they change nothing).
   */
  static void externalOnTheDatabaseOf(
      KubernetesClient client, String namespace, String source, String secretName, String name) {
    allowTodoPodsToPostgres(client, namespace, name, source);
    Secret generated = client.secrets().inNamespace(namespace).withName(source + "-db").get();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(secretName)
                .withNamespace(namespace)
                .endMetadata()
                .addToData("uri", generated.getData().get("uri"))
                .build())
        .create();
    TaskOverflows.create(
        client,
        namespace,
        name,
        "replicas: 1\ndatabase:\n  mode: External\n  external:\n    secretRef:\n      name: "
            + secretName
            + "\n");
  }

  /**
   * What a user adds so that the todo pods of TaskOverflow {@code clientName} may use the
   * in-cluster PostgreSQL of TaskOverflow {@code owner}: an ingress rule on the PostgreSQL pod and
   * an egress rule on the todo pods (the operator's egress rule for an External database allows any
   * address, which not every CNI applies to pod addresses). Policies add up: the operator's stay as
   * they are.
   */
  static void allowTodoPodsToPostgres(
      KubernetesClient client, String namespace, String clientName, String owner) {
    Map<String, String> todoPods =
        Map.of("app.kubernetes.io/instance", clientName, "app.kubernetes.io/component", "app");
    Map<String, String> postgresPods =
        Map.of("app.kubernetes.io/instance", owner, "app.kubernetes.io/component", "database");
    client
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(owner + "-postgres-from-" + clientName)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(postgresPods)
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom()
                .withNewPodSelector()
                .withMatchLabels(todoPods)
                .endPodSelector()
                .endFrom()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(5432))
                .endPort()
                .endIngress()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(clientName + "-to-" + owner + "-postgres")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(todoPods)
                .endPodSelector()
                .withPolicyTypes("Egress")
                .addNewEgress()
                .addNewTo()
                .withNewPodSelector()
                .withMatchLabels(postgresPods)
                .endPodSelector()
                .endTo()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(5432))
                .endPort()
                .endEgress()
                .endSpec()
                .build())
        .create();
  }

  /** Waits for the TaskOverflow's Ready condition (10 minutes); on a timeout says why. */
  static void awaitReady(KubernetesClient client, String namespace, String name) {
    try {
      Eventually.await(
          "taskoverflow/" + name + " is Ready",
          KindCluster.READY_TIMEOUT,
          () -> "True".equals(conditionStatus(client, namespace, name, "Ready")));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; " + describe(client, namespace, name), e);
    }
  }

  static String conditionStatus(
      KubernetesClient client, String namespace, String name, String type) {
    Condition condition = condition(client, namespace, name, type);
    return condition == null ? null : condition.getStatus();
  }

  static Condition condition(KubernetesClient client, String namespace, String name, String type) {
    return TaskOverflows.findCondition(TaskOverflows.of(client, namespace, name).get(), type)
        .orElse(null);
  }

  /** The resource's conditions and the namespace's pods, for a failure message. */
  static String describe(KubernetesClient client, String namespace, String name) {
    TaskOverflow resource = TaskOverflows.of(client, namespace, name).get();
    String conditions =
        resource == null || resource.getStatus() == null
            ? "no status"
            : resource.getStatus().conditions().stream()
                .map(
                    c ->
                        c.getType()
                            + "="
                            + c.getStatus()
                            + " "
                            + c.getReason()
                            + ": "
                            + c.getMessage())
                .collect(Collectors.joining("; "));
    return "conditions: " + conditions + "; pods: " + pods(client, namespace);
  }

  static String pods(KubernetesClient client, String namespace) {
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .map(
            pod ->
                pod.getMetadata().getName()
                    + " "
                    + pod.getStatus().getPhase()
                    + (TodoService.ready(pod) ? " ready" : " not ready"))
        .collect(Collectors.joining(", "));
  }

  /** Like {@code kubectl rollout status deployment/NAME}. */
  static void awaitRollout(
      KubernetesClient client, String namespace, String name, Duration within) {
    Eventually.await(
        "deployment/" + name + " is rolled out; pods: " + pods(client, namespace),
        within,
        () -> {
          Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
          if (d == null || d.getStatus() == null) {
            return false;
          }
          int wanted = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
          return Objects.equals(
                  d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
              && count(d.getStatus().getUpdatedReplicas()) == wanted
              && count(d.getStatus().getReplicas()) == wanted
              && count(d.getStatus().getAvailableReplicas()) == wanted;
        });
  }

  /** Like {@code kubectl rollout status statefulset/NAME}. */
  static void awaitStatefulSetRollout(
      KubernetesClient client, String namespace, String name, Duration within) {
    Eventually.await(
        "statefulset/" + name + " is rolled out; pods: " + pods(client, namespace),
        within,
        () -> {
          StatefulSet s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
          if (s == null || s.getStatus() == null) {
            return false;
          }
          int wanted = Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
          return Objects.equals(
                  s.getStatus().getObservedGeneration(), s.getMetadata().getGeneration())
              && count(s.getStatus().getUpdatedReplicas()) == wanted
              && count(s.getStatus().getReadyReplicas()) == wanted
              && Objects.equals(
                  s.getStatus().getCurrentRevision(), s.getStatus().getUpdateRevision());
        });
  }

  static int count(Integer value) {
    return value == null ? 0 : value;
  }

  /** The pods of the TaskOverflow's app ({@code component=app}). */
  static List<Pod> appPods(KubernetesClient client, String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", name)
        .withLabel("app.kubernetes.io/component", "app")
        .list()
        .getItems();
  }

  /** The pod's log (its first container's). */
  static String log(KubernetesClient client, String namespace, String pod) {
    return client.pods().inNamespace(namespace).withName(pod).getLog();
  }

  /** Runs a command in the pod's first container; its standard output; fails on an exit code. */
  static String exec(KubernetesClient client, String namespace, String pod, String... command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .writingOutput(out)
            .writingError(err)
            .exec(command)) {
      int code = watch.exitCode().get(60, TimeUnit.SECONDS);
      if (code != 0) {
        throw new AssertionError(
            String.join(" ", command)
                + " in "
                + pod
                + " exited with "
                + code
                + ": "
                + err.toString(UTF_8));
      }
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(String.join(" ", command) + " in " + pod + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return out.toString(UTF_8);
  }
}
