package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Why a pod of a TaskOverflow does not become ready, as a condition's reason and message: the one
 * place that reads the scheduler's and kubelet's verdicts in a pod's status (PodScheduled, a
 * container's waiting reason, its last exit and the log tail kubelet kept of it). Messages are one
 * short line, and credentials in URIs or {@code password=} settings are masked, since more people
 * read a status than a pod's logs.
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

  private static final int MAX_DETAIL = 300;
  private static final int LAST_LINES = 3;
  private static final Pattern STACK_FRAME = Pattern.compile("^(at |\\.\\.\\. \\d+ more).*");

  /** A log line's time stamp (and PostgreSQL's process id): the words matter, not when. */
  private static final Pattern LOG_PREFIX =
      Pattern.compile(
          "^\\[?\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d[.,\\d]*(Z|[+-]\\d\\d:?\\d\\d| [A-Z]{2,5})?\\]?"
              + "\\s*(\\[\\d+\\]\\s*)?");

  private static final Pattern URI_PASSWORD =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/:@]*):[^\\s/@]*@");

  /** {@code password=x}, {@code "password": "x"}, {@code --password x}; also pwd and passwd. */
  private static final Pattern PASSWORD_SETTING =
      Pattern.compile(
          "(?i)((?:password|passwd|pwd)[\"']?\\s*[=:]\\s*[\"']?|--(?:password|passwd|pwd)\\s+)"
              + "[^\\s,;&\"'}]+");

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
                      detail(waiting.getMessage()))));
    }
    if (START_FAILURES.contains(waitingReason)) {
      return Optional.of(
          new PodTrouble(
              CONTAINER_CONFIG_ERROR,
              "container %s cannot start (%s): %s"
                  .formatted(container.getName(), waitingReason, detail(waiting.getMessage()))));
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
    String words = lastWords(last.getMessage());
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
        "pod %s cannot be scheduled: %s".formatted(pod.getMetadata().getName(), detail(message)));
  }

  /**
   * The last lines of what a container logged before it exited, without stack frames (the
   * exception's own line says more): the error usually comes last.
   */
  static String lastWords(String log) {
    if (log == null) {
      return "";
    }
    List<String> lines =
        log.lines()
            .map(line -> LOG_PREFIX.matcher(line.strip()).replaceFirst(""))
            .filter(line -> !line.isEmpty() && !STACK_FRAME.matcher(line).matches())
            .toList();
    String tail =
        String.join(" ", lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size()));
    String clean = masked(oneLine(tail));
    return clean.length() <= MAX_DETAIL
        ? clean
        : "…" + clean.substring(clean.length() - MAX_DETAIL);
  }

  /**
   * A kubelet or scheduler message: its beginning says what failed, its end (of a chain of "a: b:
   * c") the root cause, so a long one keeps both.
   */
  private static String detail(String message) {
    String clean = masked(oneLine(Objects.requireNonNullElse(message, "")));
    if (clean.length() <= MAX_DETAIL) {
      return clean;
    }
    int head = MAX_DETAIL / 3;
    return clean.substring(0, head).strip()
        + " … "
        + clean.substring(clean.length() - (MAX_DETAIL - head)).strip();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String masked(String text) {
    String uris = URI_PASSWORD.matcher(text).replaceAll("$1:***@");
    return PASSWORD_SETTING.matcher(uris).replaceAll("$1***");
  }
}
