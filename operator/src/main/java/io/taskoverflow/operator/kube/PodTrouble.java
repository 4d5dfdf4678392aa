package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Why a pod of a TaskOverflow does not become ready, as a condition's reason and message: the one
 * place that reads the scheduler's and kubelet's verdicts in a pod's status (PodScheduled, a
 * container's waiting reason, its last exit and the log tail kubelet kept of it). What they say is
 * quoted as {@link StatusText}: one short line, credentials masked.
 */
public record PodTrouble(String reason, String message) {

  public static final String VOLUME_PENDING = "VolumePending";
  public static final String UNSCHEDULABLE = "Unschedulable";
  public static final String IMAGE_PULL_FAILED = "ImagePullFailed";
  public static final String CRASH_LOOP = "CrashLoopBackOff";
  public static final String CONTAINER_CONFIG_ERROR = "ContainerConfigError";

  private static final Set<String> PULL_FAILURES =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  private static final Set<String> START_FAILURES =
      Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

  /** The scheduler's words for a pod whose volume claim has no volume and will not get one. */
  private static final String UNBOUND_CLAIM = "unbound immediate PersistentVolumeClaims";

  /**
   * The trouble of the first of {@code pods} (by name) that has one; pods being deleted do not
   * count.
   *
   * @param storageClass the StorageClass the pods' volume claims ask for, for the message; empty:
   *     the cluster's default
   */
  public static Optional<PodTrouble> find(Collection<Pod> pods, Optional<String> storageClass) {
    return pods.stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .flatMap(pod -> of(pod, storageClass).stream())
        .findFirst();
  }

  static Optional<PodTrouble> of(Pod pod, Optional<String> storageClass) {
    PodStatus status = Objects.requireNonNullElseGet(pod.getStatus(), PodStatus::new);
    Optional<PodTrouble> container =
        Stream.concat(
                status.getInitContainerStatuses().stream(), status.getContainerStatuses().stream())
            .flatMap(c -> ofContainer(c).stream())
            .findFirst();
    if (container.isPresent()) {
      return container;
    }
    return status.getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .findFirst()
        .map(c -> unscheduled(pod, c, storageClass));
  }

  private static Optional<PodTrouble> ofContainer(ContainerStatus container) {
    ContainerStateWaiting waiting =
        container.getState() == null ? null : container.getState().getWaiting();
    // Set.of(...).contains(null) throws: a container that is not waiting has the empty reason.
    String waitingReason =
        waiting == null ? "" : Objects.requireNonNullElse(waiting.getReason(), "");
    if (PULL_FAILURES.contains(waitingReason)) {
      return Optional.of(
          new PodTrouble(
              IMAGE_PULL_FAILED,
              "container %s cannot pull image \"%s\" (%s): %s"
                  .formatted(
                      container.getName(),
                      container.getImage(),
                      waitingReason,
                      StatusText.detail(waiting.getMessage()))));
    }
    if (START_FAILURES.contains(waitingReason)) {
      return Optional.of(
          new PodTrouble(
              CONTAINER_CONFIG_ERROR,
              "container %s cannot start (%s): %s"
                  .formatted(
                      container.getName(),
                      waitingReason,
                      StatusText.detail(waiting.getMessage()))));
    }
    ContainerStateTerminated last =
        container.getLastState() == null ? null : container.getLastState().getTerminated();
    boolean crashed = last != null && last.getExitCode() != null && last.getExitCode() != 0;
    // Between two back-offs the container runs for a moment: still the same crash loop.
    if (CRASH_LOOP.equals(waitingReason)
        || (crashed && !Boolean.TRUE.equals(container.getReady()))) {
      return Optional.of(new PodTrouble(CRASH_LOOP, exited(container.getName(), last)));
    }
    return Optional.empty();
  }

  private static String exited(String container, ContainerStateTerminated last) {
    if (last == null) {
      return "container " + container + " keeps exiting";
    }
    String signal =
        last.getReason() == null || last.getReason().equals("Error")
            ? ""
            : " (" + last.getReason() + ")";
    String words = StatusText.lastWords(last.getMessage());
    return "container %s exited with code %d%s%s"
        .formatted(container, last.getExitCode(), signal, words.isEmpty() ? "" : ": " + words);
  }

  private static PodTrouble unscheduled(
      Pod pod, PodCondition scheduled, Optional<String> storageClass) {
    String message = Objects.requireNonNullElse(scheduled.getMessage(), "");
    if (message.contains(UNBOUND_CLAIM)) {
      String claims =
          String.join(
              ", ",
              pod.getSpec().getVolumes().stream()
                  .filter(v -> v.getPersistentVolumeClaim() != null)
                  .map(v -> v.getPersistentVolumeClaim().getClaimName())
                  .toList());
      String from =
          storageClass
              .map(name -> "StorageClass \"" + name + "\"")
              .orElse("the default StorageClass");
      return new PodTrouble(
          VOLUME_PENDING,
          "PersistentVolumeClaim %s is Pending: %s provides no volume for it (does the class exist?)"
              .formatted(claims, from));
    }
    return new PodTrouble(
        UNSCHEDULABLE,
        "pod %s cannot be scheduled: %s"
            .formatted(pod.getMetadata().getName(), StatusText.detail(message)));
  }
}
