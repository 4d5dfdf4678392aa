package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * TaskOverflows created at once in a namespace of their own, with their workloads' readiness
 * simulated, until all are Ready: the unit that a run measures (and, before it, warms up with).
 */
final class Burst implements AutoCloseable {

  /** Each resource in full: InCluster is the default mode, named here for the reader. */
  private static final String SPEC = "database: {mode: InCluster}\n";

  private final KubernetesClient client;
  private final String namespace;
  private final int resources;
  private final Timeline timeline = new Timeline();
  private final WorkloadSimulator simulator;
  private Duration applyTime = Duration.ZERO;

  /** Watches {@code namespace}, ready for {@link #apply}. */
  Burst(KubernetesClient client, String namespace, int resources) {
    this.client = client;
    this.namespace = namespace;
    this.resources = resources;
    this.simulator = new WorkloadSimulator(client, namespace, timeline);
    simulator.start();
  }

  /** Creates the resources from {@code threads} client threads at once; returns when all exist. */
  void apply(int threads) throws InterruptedException {
    List<Runnable> creates = new ArrayList<>();
    for (int i = 1; i <= resources; i++) {
      String name = String.format("bench-%03d", i);
      creates.add(
          () -> {
            TaskOverflows.create(client, namespace, name, SPEC);
            timeline.record(name, Milestone.CREATED);
          });
    }
    applyTime = BurstSteps.createAll(creates, threads);
  }

  /** Waits until every resource is Ready or the timeout passes; whether all became Ready. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    return BurstSteps.awaitAll(() -> timeline.count(Milestone.READY), resources, timeout);
  }

  Duration applyTime() {
    return applyTime;
  }

  /** First creation to last Ready, or null while not all are Ready. */
  Duration converged() {
    return timeline.count(Milestone.READY) < resources
        ? null
        : Duration.ofNanos(timeline.last(Milestone.READY) - timeline.first(Milestone.CREATED));
  }

  Timeline timeline() {
    return timeline;
  }

  WorkloadSimulator simulator() {
    return simulator;
  }

  int resources() {
    return resources;
  }

  @Override
  public void close() throws InterruptedException {
    simulator.close();
  }
}
