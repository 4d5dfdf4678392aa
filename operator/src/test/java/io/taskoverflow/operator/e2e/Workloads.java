package io.taskoverflow.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.tls.CertificateAuthority;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** TaskOverflows and their pods on the cluster: creating them, waiting for them, looking in. */
final class Workloads {

  /** The demo's resource: a TaskOverflow "demo" of one replica on its in-cluster PostgreSQL. */
  static final String EXAMPLE = "examples/taskoverflow-local.yaml";

  private Workloads() {}

  /** Applies {@link #EXAMPLE} in the namespace, as {@code make demo} does; returns its name. */
  static String applyExample(KubernetesClient client, String namespace) {
    return applyExample(client, namespace, EXAMPLE);
  }

  /** Applies the example file {@code example} (relative to the repository) in the namespace. */
  static String applyExample(KubernetesClient client, String namespace, String file) {
    TaskOverflow example =
        client
            .resources(TaskOverflow.class)
            .load(KindCluster.REPOSITORY.resolve(file).toFile())
            .item();
    example.getMetadata().setNamespace(namespace);
    client.resource(example).inNamespace(namespace).create();
    return example.getMetadata().getName();
  }

  /**
   * An External TaskOverflow {@code name} of one replica on a team's own PostgreSQL ({@code
   * <secretName>-server}, TLS with a certificate of the team's CA), named in the user's Secret
   * {@code secretName} with that CA, so the connection is verified. Returns the server's host name.
   */
  static String externalOnATeamDatabase(
      KubernetesClient client, String namespace, String secretName, String name) {
    CertificateAuthority ca = CertificateAuthority.generate("team-ca", Instant.now());
    String server = secretName + "-server";
    TeamPostgres.start(client, namespace, server, ca)
        .userSecret(client, secretName, Optional.of(ca));
    TaskOverflows.create(client, namespace, name, TeamPostgres.externalSpec(secretName));
    return server + "." + namespace + ".svc";
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

  /**
   * Whether a todo pod's log says its database's certificate could not be verified (the JDK's
   * words, which the todo service repeats while it waits for the database).
   */
  static boolean refusedTheDatabaseCertificate(
      KubernetesClient client, String namespace, String pod) {
    try {
      return log(client, namespace, pod).contains("unable to find valid certification path");
    } catch (RuntimeException e) {
      return false; // not started yet
    }
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
