package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.TaskOverflowApi;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.Simulated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stands in for the kubelet and the workload controllers: as soon as the operator's StatefulSet or
 * Deployment appears (or changes its spec), writes the status ready pods would give it; and times
 * each step on the {@link Timeline}. Status writes run on a pool, so that a burst of 200 objects is
 * not serialised behind the watch thread.
 */
final class WorkloadSimulator implements AutoCloseable {

  private static final int WRITERS = 8;
  private static final int ATTEMPTS = 3;

  private final KubernetesClient client;
  private final String namespace;
  private final Timeline timeline;
  private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final AtomicInteger statusWrites = new AtomicInteger();
  private final AtomicInteger failedWrites = new AtomicInteger();

  WorkloadSimulator(KubernetesClient client, String namespace, Timeline timeline) {
    this.client = client;
    this.namespace = namespace;
    this.timeline = timeline;
  }

  /** Starts the watches and returns once their caches are filled. */
  void start() {
    informers.add(
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .inform(
                handler(
                    sts -> sts.getStatus() == null ? null : sts.getStatus().getObservedGeneration(),
                    Milestone.POSTGRES_CREATED,
                    Milestone.POSTGRES_READY,
                    name -> Simulated.postgresReady(client, namespace, name))));
    informers.add(
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .inform(
                handler(
                    app -> app.getStatus() == null ? null : app.getStatus().getObservedGeneration(),
                    Milestone.APP_CREATED,
                    Milestone.APP_READY,
                    name -> Simulated.deploymentReady(client, namespace, name))));
    informers.add(
        client
            .resources(TaskOverflow.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(TaskOverflow resource) {
                    onUpdate(null, resource);
                  }

                  @Override
                  public void onUpdate(TaskOverflow old, TaskOverflow resource) {
                    if (resource.getStatus() != null
                        && resource.getStatus().phase() == Phase.Ready) {
                      timeline.record(resource.getMetadata().getName(), Milestone.READY);
                    }
                  }

                  @Override
                  public void onDelete(TaskOverflow resource, boolean unknownFinalState) {}
                }));
  }

  /** Status writes done so far: one per object unless the operator changed a spec afterwards. */
  int statusWrites() {
    return statusWrites.get();
  }

  /** Status writes that failed {@value #ATTEMPTS} times. */
  int failedWrites() {
    return failedWrites.get();
  }

  /**
   * Times the object's appearance, and writes its status whenever its spec has none yet ({@code
   * observedGeneration} behind {@code generation}). An event that arrives while a write for the
   * same object runs is looked at again when that write is done.
   */
  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      Function<T, Long> observedGeneration,
      Milestone created,
      Milestone ready,
      Consumer<String> writeStatus) {
    Map<String, T> arrivedMeanwhile = new ConcurrentHashMap<>();
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        owner(object).ifPresent(owner -> timeline.record(owner, created));
        onUpdate(null, object);
      }

      @Override
      public void onUpdate(T old, T object) {
        Long generation = object.getMetadata().getGeneration();
        Long observed = observedGeneration.apply(object);
        if (observed != null && (generation == null || observed >= generation)) {
          return;
        }
        String name = object.getMetadata().getName();
        if (!inFlight.add(name)) {
          arrivedMeanwhile.put(name, object);
          return;
        }
        writers.execute(
            () -> {
              try {
                if (write(() -> writeStatus.accept(name))) {
                  owner(object).ifPresent(owner -> timeline.record(owner, ready));
                }
              } finally {
                inFlight.remove(name);
                T next = arrivedMeanwhile.remove(name);
                if (next != null) {
                  onUpdate(object, next);
                }
              }
            });
      }

      @Override
      public void onDelete(T object, boolean unknownFinalState) {}
    };
  }

  private boolean write(Runnable statusWrite) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        statusWrite.run();
        statusWrites.incrementAndGet();
        return true;
      } catch (KubernetesClientException e) {
        if (attempt == ATTEMPTS) {
          failedWrites.incrementAndGet();
          System.err.println("simulated status write failed: " + e.getMessage());
        }
      }
    }
    return false;
  }

  private static Optional<String> owner(HasMetadata object) {
    return object.getMetadata().getOwnerReferences().stream()
        .filter(ref -> TaskOverflowApi.KIND.equals(ref.getKind()))
        .map(OwnerReference::getName)
        .findFirst();
  }

  @Override
  public void close() throws InterruptedException {
    informers.forEach(SharedIndexInformer::close);
    writers.shutdown();
    writers.awaitTermination(10, TimeUnit.SECONDS);
  }
}
