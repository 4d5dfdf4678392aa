package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.taskoverflow.crd.TaskOverflow;
import java.util.List;
import java.util.Set;

/**
 * The pods of the workloads the operator builds (todo service, in-cluster PostgreSQL), which their
 * ready conditions read to say why a pod is stuck. Only pods with the operator's label are watched;
 * a pod's change reconciles the TaskOverflow its instance label names, in its own namespace, so a
 * reason appears as soon as kubelet or the scheduler reports it.
 */
public final class OwnedPods {

  private OwnedPods() {}

  public static InformerEventSource<Pod, TaskOverflow> eventSource(
      EventSourceContext<TaskOverflow> context) {
    var configuration =
        InformerEventSourceConfiguration.from(Pod.class, TaskOverflow.class)
            .withName("owned-pods")
            .withLabelSelector(Labels.MADE_BY_OPERATOR)
            .withSecondaryToPrimaryMapper(OwnedPods::owner)
            .withItemStore(new WithoutManagedFields<>())
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The resource's pods of one component, as the informer has them. */
  public static List<Pod> of(Context<TaskOverflow> context, String component) {
    return context
        .getSecondaryResourcesAsStream(Pod.class)
        .filter(pod -> component.equals(pod.getMetadata().getLabels().get(Labels.COMPONENT)))
        .toList();
  }

  private static Set<ResourceID> owner(Pod pod) {
    String instance = pod.getMetadata().getLabels().get(Labels.INSTANCE);
    return instance == null
        ? Set.of()
        : Set.of(new ResourceID(instance, pod.getMetadata().getNamespace()));
  }
}
