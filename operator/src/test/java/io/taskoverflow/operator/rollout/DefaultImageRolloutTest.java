package io.taskoverflow.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DefaultImageRolloutTest {

  private static final String OLD = "todo:1";
  private static final String NEW = "todo:2";

  private final DefaultImageRollout rollout = new DefaultImageRollout("todo", NEW, 2);
  private final BlockingQueue<ResourceID> woken = new LinkedBlockingQueue<>();

  /** The workloads as the cache has them, by owner. */
  private final Map<ResourceID, RolloutWorkload> stored = new LinkedHashMap<>();

  @BeforeEach
  void startWakeUps() {
    rollout.wakeUps().setEventHandler(event -> woken.add(event.getRelatedCustomResourceID()));
    rollout.wakeUps().start();
  }

  @AfterEach
  void stopWakeUps() {
    rollout.wakeUps().stop();
  }

  @Test
  void aNewTaskOverflowTakesTheDefaultImageAtOnceAndHoldsNoPlace() {
    assertThat(next(id("a"))).isEqualTo(new DefaultImageRollout.Step(NEW, false));
  }

  @Test
  void anImageOfItsOwnIsKeptAndHoldsNoPlace() {
    serving("a", OLD);

    assertThat(rollout.next(id("a"), Optional.of("mine:3"), current("a"), this::all))
        .isEqualTo(new DefaultImageRollout.Step("mine:3", false));
  }

  @Test
  void atMostMaxInProgressTakeTheNewImageAndTheRestKeepTheirOwn() {
    for (String name : List.of("a", "b", "c", "d")) {
      serving(name, OLD);
    }

    assertThat(next(id("a"))).isEqualTo(new DefaultImageRollout.Step(NEW, true));
    assertThat(next(id("b"))).isEqualTo(new DefaultImageRollout.Step(NEW, true));
    assertThat(next(id("c")))
        .as("the cache does not show a's and b's places yet")
        .isEqualTo(new DefaultImageRollout.Step(OLD, false));
    assertThat(next(id("d"))).isEqualTo(new DefaultImageRollout.Step(OLD, false));
    assertThat(next(id("a")))
        .as("asked again, a keeps its place")
        .isEqualTo(new DefaultImageRollout.Step(NEW, true));
    assertThat(new DefaultImageRollout.Step(NEW, true).annotations())
        .containsExactly(Map.entry(DefaultImageRollout.ANNOTATION, NEW));
  }

  @Test
  void aPlaceFreesOnlyOnceItsWorkloadSettledOnTheNewImageAndWakesTheFirstInLine()
      throws InterruptedException {
    for (String name : List.of("a", "b", "c", "d")) {
      serving(name, OLD);
    }
    next(id("a"));
    next(id("b"));
    next(id("c"));
    next(id("d"));
    rolling("a");
    rolling("b");

    assertThat(next(id("a")))
        .as("rolling, not settled")
        .isEqualTo(new DefaultImageRollout.Step(NEW, true));
    assertThat(woken.poll(200, TimeUnit.MILLISECONDS)).isNull();

    stored.put(id("a"), new RolloutWorkload(id("a"), NEW, NEW, true, true));
    assertThat(next(id("a"))).isEqualTo(new DefaultImageRollout.Step(NEW, false));
    assertThat(woken.poll(5, TimeUnit.SECONDS)).as("the first in line is woken").isEqualTo(id("c"));
    assertThat(next(id("c"))).isEqualTo(new DefaultImageRollout.Step(NEW, true));
    assertThat(next(id("d")))
        .as("b and c hold the two places")
        .isEqualTo(new DefaultImageRollout.Step(OLD, false));
  }

  @Test
  void workloadsMarkedInTheCacheHoldTheirPlacesAfterARestartOfTheOperator() {
    rolling("a");
    stored.put(id("b"), new RolloutWorkload(id("b"), NEW, NEW, false, false));
    serving("c", OLD);

    assertThat(next(id("c"))).isEqualTo(new DefaultImageRollout.Step(OLD, false));
    assertThat(next(id("b")))
        .as("b keeps its place")
        .isEqualTo(new DefaultImageRollout.Step(NEW, true));
  }

  @Test
  void aMarkForAnotherImageHoldsNoPlace() {
    // Left by a replica of the previous release, which led for a moment during the upgrade.
    stored.put(id("a"), new RolloutWorkload(id("a"), OLD, OLD, true, false));
    stored.put(id("b"), new RolloutWorkload(id("b"), OLD, OLD, true, false));
    serving("c", OLD);
    serving("d", OLD);

    assertThat(next(id("c"))).isEqualTo(new DefaultImageRollout.Step(NEW, true));
    assertThat(next(id("d"))).isEqualTo(new DefaultImageRollout.Step(NEW, true));
    assertThat(next(id("a")))
        .as("c and d hold the two places; a's stale mark goes")
        .isEqualTo(new DefaultImageRollout.Step(OLD, false));
  }

  @Test
  void aWorkloadWithNoReadyPodTakesTheNewImageWithoutAPlace() {
    rolling("a");
    rolling("b");
    stored.put(id("down"), new RolloutWorkload(id("down"), OLD, null, false, false));

    assertThat(next(id("down"))).isEqualTo(new DefaultImageRollout.Step(NEW, false));
  }

  @Test
  void namingAnImageOfItsOwnGivesThePlaceBack() throws InterruptedException {
    serving("a", OLD);
    serving("b", OLD);
    serving("c", OLD);
    next(id("a"));
    next(id("b"));
    next(id("c"));

    assertThat(rollout.next(id("a"), Optional.of("mine:3"), current("a"), this::all))
        .isEqualTo(new DefaultImageRollout.Step("mine:3", false));
    assertThat(woken.poll(5, TimeUnit.SECONDS)).isEqualTo(id("c"));
    assertThat(next(id("c"))).isEqualTo(new DefaultImageRollout.Step(NEW, true));
  }

  @Test
  void thePlaceOfADeletedTaskOverflowIsFreeForTheNextToAsk() {
    serving("a", OLD);
    serving("b", OLD);
    serving("c", OLD);
    next(id("a"));
    next(id("b"));
    next(id("c"));
    // a's TaskOverflow is deleted: its workload leaves the cache, and nothing asks for a again.
    stored.remove(id("a"));

    assertThat(next(id("c"))).isEqualTo(new DefaultImageRollout.Step(NEW, true));
  }

  private DefaultImageRollout.Step next(ResourceID owner) {
    return rollout.next(owner, Optional.empty(), current(owner.getName()), this::all);
  }

  private Optional<RolloutWorkload> current(String name) {
    return Optional.ofNullable(stored.get(id(name)));
  }

  /** Holds a place, its pods not all ready on the new image yet. */
  private void rolling(String name) {
    stored.put(id(name), new RolloutWorkload(id(name), NEW, NEW, true, false));
  }

  private void serving(String name, String image) {
    stored.put(id(name), new RolloutWorkload(id(name), image, null, true, true));
  }

  private Collection<RolloutWorkload> all() {
    return new ArrayList<>(stored.values());
  }

  private static ResourceID id(String name) {
    return new ResourceID(name, "team-a");
  }
}
