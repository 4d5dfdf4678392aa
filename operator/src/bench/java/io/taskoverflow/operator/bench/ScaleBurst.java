package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TaskOverflows created at once across tenant namespaces, each timed from its creation until its
 * status first says Ready. Nothing here writes a status: the pods behind them are the cluster's.
 */
final class ScaleBurst implements AutoCloseable {

  private static final String SPEC = "database: {mode: InCluster}\n";

  private final KubernetesClient client;
  private final List<String> names = new ArrayList<>();
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();
  private final SharedIndexInformer<TaskOverflow> informer;
  private Duration applyTime = Duration.ZERO;

  /** Creates the tenant namespaces ({@code perNamespace} resources each) and starts watching. */
  ScaleBurst(KubernetesClient client, int resources, int perNamespace) {
    this.client = client;
    for (int i = 0; i < resources; i++) {
      String namespace = String.format("team-%04d", i / perNamespace + 1);
      if (i % perNamespace == 0) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      names.add(namespace + "/" + String.format("todo-%04d", i + 1));
    }
    informer = client.resources(TaskOverflow.class).inAnyNamespace().inform(readyRecorder());
  }

  /** Creates the resources from {@code threads} client threads at once; returns when all exist. */
  void apply(int threads) throws InterruptedException {
    List<Runnable> creates = new ArrayList<>();
    for (String name : names) {
      creates.add(
          () -> {
            String[] parts = name.split("/");
            TaskOverflows.create(client, parts[0], parts[1], SPEC);
            created.put(name, System.nanoTime());
          });
    }
    applyTime = BurstSteps.createAll(creates, threads);
  }

  /** Waits until every resource is Ready or the timeout passes; whether all became Ready. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    return BurstSteps.awaitAll(ready::size, names.size(), timeout);
  }

  int ready() {
    return ready.size();
  }

  Duration applyTime() {
    return applyTime;
  }

  /** Creation to Ready of each resource that became Ready, in nanoseconds. */
  List<Long> toReady() {
    List<Long> spans = new ArrayList<>();
    ready.forEach(
        (name, at) -> {
          Long from = created.get(name);
          if (from != null) {
            spans.add(at - from);
          }
        });
    return spans;
  }

  /** First creation to the last Ready so far. */
  Duration sinceFirstCreated() {
    long first = created.values().stream().mapToLong(Long::longValue).min().orElse(0);
    long last = ready.values().stream().mapToLong(Long::longValue).max().orElse(first);
    return Duration.ofNanos(last - first);
  }

  /** How many resources are in each phase now, as the watch has them. */
  Map<String, Long> phases() {
    Map<String, Long> phases = new TreeMap<>();
    informer
        .getStore()
        .list()
        .forEach(
            resource ->
                phases.merge(
                    resource.getStatus() == null ? "none" : resource.getStatus().phase().name(),
                    1L,
                    Long::sum));
    return phases;
  }

  private ResourceEventHandler<TaskOverflow> readyRecorder() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(TaskOverflow resource) {
        onUpdate(null, resource);
      }

      @Override
      public void onUpdate(TaskOverflow old, TaskOverflow resource) {
        if (resource.getStatus() != null && resource.getStatus().phase() == Phase.Ready) {
          String name =
              resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
          ready.putIfAbsent(name, System.nanoTime());
        }
      }

      @Override
      public void onDelete(TaskOverflow resource, boolean unknownFinalState) {}
    };
  }

  @Override
  public void close() {
    informer.close();
  }
}
