package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The steps of a test that breaks something for a while and then waits for every TaskOverflow to
 * recover by itself: create several at once, let the outage last, then stand in for the kubelet (no
 * pods run) while waiting, bounded, for each to be Ready.
 */
public final class OutageRecovery {

  private static final Duration POLL = Duration.ofMillis(500);

  private OutageRecovery() {}

  /** Creates the TaskOverflows (name to spec YAML) in parallel, as a burst of users would. */
  public static void createInParallel(
      KubernetesClient client, String namespace, Map<String, String> specs) {
    specs.entrySet().parallelStream()
        .forEach(spec -> TaskOverflows.create(client, namespace, spec.getKey(), spec.getValue()));
  }

  /** Sleeps until {@code duration} has passed since {@code startNanos} (a System.nanoTime()). */
  public static void sleepUntil(long startNanos, Duration duration) {
    long left = startNanos + duration.toNanos() - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /**
   * Waits until each named TaskOverflow is Ready, marking its StatefulSet and Deployment ready as
   * soon as they exist (what pods would report), and returns how long each took from the call.
   * Fails, naming those that are not Ready with their conditions, after {@code timeout}.
   */
  public static Map<String, Duration> awaitReady(
      KubernetesClient client, String namespace, List<String> names, Duration timeout) {
    long start = System.nanoTime();
    Map<String, Duration> ready = new LinkedHashMap<>();
    while (ready.size() < names.size()) {
      for (String name : names) {
        if (!ready.containsKey(name) && isReady(client, namespace, name)) {
          ready.put(name, Duration.ofNanos(System.nanoTime() - start));
        }
      }
      if (ready.size() == names.size()) {
        break;
      }
      if (System.nanoTime() - start > timeout.toNanos()) {
        throw new AssertionError(
            "not Ready within " + timeout + ": " + notReady(client, namespace, names, ready));
      }
      sleep();
    }
    return ready;
  }

  private static boolean isReady(KubernetesClient client, String namespace, String name) {
    try {
      standInForPods(client, namespace, name);
      TaskOverflow current = TaskOverflows.of(client, namespace, name).get();
      return current != null
          && current.getStatus() != null
          && current.getStatus().phase() == Phase.Ready;
    } catch (KubernetesClientException e) {
      return false; // the API server may still be coming back
    }
  }

  private static void standInForPods(KubernetesClient client, String namespace, String name) {
    StatefulSet postgres =
        client.apps().statefulSets().inNamespace(namespace).withName(name + "-postgres").get();
    if (postgres != null
        && (postgres.getStatus() == null
            || !Objects.equals(
                postgres.getStatus().getObservedGeneration(),
                postgres.getMetadata().getGeneration()))) {
      Simulated.postgresReady(client, namespace, name + "-postgres");
    }
    Deployment app = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (app != null
        && (app.getStatus() == null
            || !Objects.equals(
                app.getStatus().getObservedGeneration(), app.getMetadata().getGeneration()))) {
      Simulated.deploymentReady(client, namespace, name);
    }
  }

  private static List<String> notReady(
      KubernetesClient client, String namespace, List<String> names, Map<String, Duration> ready) {
    List<String> report = new ArrayList<>();
    for (String name : names) {
      if (!ready.containsKey(name)) {
        TaskOverflow current = TaskOverflows.of(client, namespace, name).get();
        report.add(
            name
                + " "
                + (current == null || current.getStatus() == null
                    ? "(no status)"
                    : current.getStatus().phase() + " " + current.getStatus().conditions()));
      }
    }
    return report;
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
