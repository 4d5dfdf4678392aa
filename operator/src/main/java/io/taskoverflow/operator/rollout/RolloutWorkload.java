package io.taskoverflow.operator.rollout;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflowApi;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rollout of the default image needs to know of one stored workload.
 *
 * @param owner the TaskOverflow it belongs to
 * @param image the image its pod template runs
 * @param markedFor the image its {@link DefaultImageRollout#ANNOTATION} names, null without one: it
 *     holds a place in the rollout of that image
 * @param serving whether at least one of its pods is ready: one that serves nothing loses nothing
 *     by taking the new image at once
 * @param settled whether its controller has rolled its latest template out to every replica, each
 *     ready
 */
public record RolloutWorkload(
    ResourceID owner, String image, String markedFor, boolean serving, boolean settled) {

  /** Whether it holds a place in some rollout. */
  public boolean marked() {
    return markedFor != null;
  }

  /**
   * Whether it holds a place in the rollout of {@code defaultImage}: a mark for another image was
   * left by a replica of another release (leadership can pass back and forth during an upgrade).
   */
  public boolean holdsPlaceFor(String defaultImage) {
    return defaultImage.equals(markedFor);
  }

  /** A todo Deployment, its image that of the named container. */
  public static Optional<RolloutWorkload> of(Deployment deployment, String container) {
    DeploymentStatus status =
        Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
    int replicas = orZero(deployment.getSpec().getReplicas());
    int ready = orZero(status.getReadyReplicas());
    boolean settled =
        observed(deployment, status.getObservedGeneration())
            && orZero(status.getUpdatedReplicas()) == replicas
            && orZero(status.getReplicas()) == replicas
            && ready == replicas;
    return of(deployment, deployment.getSpec().getTemplate(), container, ready > 0, settled);
  }

  /** A PostgreSQL StatefulSet, its image that of the named container. */
  public static Optional<RolloutWorkload> of(StatefulSet statefulSet, String container) {
    StatefulSetStatus status =
        Objects.requireNonNullElseGet(statefulSet.getStatus(), StatefulSetStatus::new);
    int replicas = orZero(statefulSet.getSpec().getReplicas());
    int ready = orZero(status.getReadyReplicas());
    boolean settled =
        observed(statefulSet, status.getObservedGeneration())
            && orZero(status.getUpdatedReplicas()) == replicas
            && Objects.equals(status.getCurrentRevision(), status.getUpdateRevision())
            && ready == replicas;
    return of(statefulSet, statefulSet.getSpec().getTemplate(), container, ready > 0, settled);
  }

  private static Optional<RolloutWorkload> of(
      HasMetadata workload,
      PodTemplateSpec template,
      String container,
      boolean serving,
      boolean settled) {
    Optional<ResourceID> owner =
        workload.getMetadata().getOwnerReferences().stream()
            .filter(reference -> TaskOverflowApi.KIND.equals(reference.getKind()))
            .findFirst()
            .map(
                reference ->
                    new ResourceID(reference.getName(), workload.getMetadata().getNamespace()));
    Optional<String> image =
        template.getSpec().getContainers().stream()
            .filter(candidate -> container.equals(candidate.getName()))
            .map(Container::getImage)
            .findFirst();
    String markedFor = workload.getMetadata().getAnnotations().get(DefaultImageRollout.ANNOTATION);
    return owner.flatMap(
        id -> image.map(name -> new RolloutWorkload(id, name, markedFor, serving, settled)));
  }

  private static boolean observed(HasMetadata workload, Long observedGeneration) {
    Long generation = workload.getMetadata().getGeneration();
    return observedGeneration != null && (generation == null || observedGeneration >= generation);
  }

  private static int orZero(Integer count) {
    return count == null ? 0 : count;
  }
}
