package io.taskoverflow.operator.rollout;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.timer.TimerEventSource;
import io.taskoverflow.crd.TaskOverflow;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls a changed default image out a few TaskOverflows at a time. Every TaskOverflow that names no
 * image of its own runs the operator's default, so a new default (a chart upgrade) would restart
 * all their workloads at once, and a bad image would break them all. Here at most {@code
 * maxInProgress} workloads take it together, and the next one only once one of them has settled:
 * every replica ready on the new image. A bad image so stops after the first few.
 *
 * <p>A workload in progress carries {@link #ANNOTATION}: the count survives a restart of the
 * operator, and a platform team sees where the rollout stands. What this operator decided but its
 * cache does not show yet is kept here, so parallel reconciles never grant more places than there
 * are. A workload whose pods serve nothing, or a new one, takes the new image at once and holds no
 * place. Those kept waiting are reconciled again, first come first served, when a place frees. A
 * mark names the image it holds a place for: one left by a replica of another release (leadership
 * can pass back and forth between old and new replicas during an upgrade) holds none.
 */
public final class DefaultImageRollout {

  /** On a workload taking the default image in its turn; the value is that image. */
  public static final String ANNOTATION = "taskoverflow.io/default-image-rollout";

  private static final Duration RECHECK = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(DefaultImageRollout.class);

  /** The image a workload's pod template runs, and whether it holds one of the rollout's places. */
  public record Step(String image, boolean inProgress) {

    /** The annotations that record this step on the workload. */
    public Map<String, String> annotations() {
      return inProgress ? Map.of(ANNOTATION, image) : Map.of();
    }
  }

  private final String what;
  private final String defaultImage;
  private final int maxInProgress;
  private final TimerEventSource<TaskOverflow> wakeUps;

  /** Places granted (true) or given back (false) that the cache may not show yet. */
  private final Map<ResourceID, Boolean> decided = new HashMap<>();

  /** TaskOverflows kept on their old image, in the order they asked. */
  private final Set<ResourceID> waiting = new LinkedHashSet<>();

  /**
   * @param what the workloads' name in log lines, e.g. "todo"
   * @param maxInProgress how many workloads may take a new default image at the same time
   */
  public DefaultImageRollout(String what, String defaultImage, int maxInProgress) {
    if (maxInProgress < 1) {
      throw new IllegalArgumentException("maxInProgress must be at least 1");
    }
    this.what = what;
    this.defaultImage = defaultImage;
    this.maxInProgress = maxInProgress;
    this.wakeUps = new TimerEventSource<>(what + "-default-image-rollout", false);
  }

  /** Reconciles the TaskOverflows kept waiting, when a place frees. */
  public TimerEventSource<TaskOverflow> wakeUps() {
    return wakeUps;
  }

  /**
   * The next step of one TaskOverflow's workload.
   *
   * @param ownImage the image its spec names, if any
   * @param current its workload as stored, if there is one
   * @param all every workload of this kind the operator made, as its cache has them
   */
  public synchronized Step next(
      ResourceID owner,
      Optional<String> ownImage,
      Optional<RolloutWorkload> current,
      Supplier<Collection<RolloutWorkload>> all) {
    if (ownImage.isPresent() || current.isEmpty()) {
      leave(owner, current, all);
      return new Step(ownImage.orElse(defaultImage), false);
    }
    RolloutWorkload workload = current.get();
    if (decided.getOrDefault(owner, workload.holdsPlaceFor(defaultImage))) {
      if (workload.image().equals(defaultImage) && workload.settled()) {
        LOG.info("{}: {} settled on {}", what, name(owner), defaultImage);
        leave(owner, current, all);
        return new Step(defaultImage, false);
      }
      return new Step(defaultImage, true);
    }
    if (workload.image().equals(defaultImage) || !workload.serving()) {
      waiting.remove(owner);
      return new Step(defaultImage, false);
    }
    int inProgress = inProgress(all.get());
    if (inProgress < maxInProgress) {
      waiting.remove(owner);
      decided.put(owner, true);
      LOG.info(
          "{}: {} takes {} ({} of at most {} in progress, {} waiting)",
          what,
          name(owner),
          defaultImage,
          inProgress + 1,
          maxInProgress,
          waiting.size());
      return new Step(defaultImage, true);
    }
    waiting.add(owner);
    if (waiting.stream().limit(maxInProgress).anyMatch(owner::equals)) {
      // The first in line look again now and then, in case a place freed without a word (a
      // TaskOverflow in progress deleted, say).
      wakeUps.scheduleOnce(owner, RECHECK.toMillis());
    }
    return new Step(workload.image(), false);
  }

  /** Gives back the place {@code owner} may hold, and wakes those waiting for one. */
  private void leave(
      ResourceID owner,
      Optional<RolloutWorkload> current,
      Supplier<Collection<RolloutWorkload>> all) {
    waiting.remove(owner);
    boolean held =
        decided.getOrDefault(
            owner, current.map(workload -> workload.holdsPlaceFor(defaultImage)).orElse(false));
    if (!held) {
      return;
    }
    decided.put(owner, false);
    Collection<RolloutWorkload> workloads = all.get();
    Set<ResourceID> stored =
        workloads.stream().map(RolloutWorkload::owner).collect(Collectors.toSet());
    // Those whose workload is gone were deleted: waking them would take no place.
    waiting.retainAll(stored);
    int free = maxInProgress - inProgress(workloads);
    var next = waiting.iterator();
    for (int woken = 0; woken < free && next.hasNext(); woken++) {
      wakeUps.scheduleOnce(next.next(), 0);
      next.remove();
    }
  }

  /** The workloads holding a place: as stored, unless decided since. */
  private int inProgress(Collection<RolloutWorkload> workloads) {
    Map<ResourceID, Boolean> stored = new HashMap<>();
    workloads.forEach(
        workload -> stored.put(workload.owner(), workload.holdsPlaceFor(defaultImage)));
    // A decision is forgotten once the cache shows it, or the workload is gone.
    decided
        .entrySet()
        .removeIf(
            entry ->
                entry.getValue().equals(stored.get(entry.getKey()))
                    || !stored.containsKey(entry.getKey()));
    return (int)
        stored.entrySet().stream()
            .filter(entry -> decided.getOrDefault(entry.getKey(), entry.getValue()))
            .count();
  }

  private static String name(ResourceID owner) {
    return owner.getNamespace().map(namespace -> namespace + "/").orElse("") + owner.getName();
  }
}
