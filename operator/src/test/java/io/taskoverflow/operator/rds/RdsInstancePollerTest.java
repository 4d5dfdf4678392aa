package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.config.RdsSettings;
import io.taskoverflow.operator.testsupport.RdsResources;
import io.taskoverflow.operator.testsupport.ScriptedRdsGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared poller with a scripted AWS, one {@link RdsInstancePoller#poll()} per cycle: what moto
 * cannot show (instances that take several polls, throttling) and how the interval follows it.
 */
class RdsInstancePollerTest {

  private static final Duration FAST = Duration.ofSeconds(15);
  private static final Duration SLOW = Duration.ofSeconds(120);
  private static final RdsRequestException THROTTLED =
      new RdsRequestException("DescribeDBInstances", "Throttling", "Rate exceeded");

  private final MutableClock clock = new MutableClock();
  private final List<ResourceID> events = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ScriptedRdsGateway aws;
  private RdsInstancePoller poller;

  @BeforeEach
  void start() {
    aws = new ScriptedRdsGateway();
    poller = new RdsInstancePoller(aws, FAST, SLOW, clock, false, new RdsPollMetrics(registry));
    poller.setEventHandler(event -> events.add(((Event) event).getRelatedCustomResourceID()));
    poller.start();
  }

  @Test
  void anInstanceThatStaysCreatingIsPolledFastUntilItSettles() {
    aws.creatingFor("creating", "creating", "creating", "backing-up", "available");
    TaskOverflow resource = RdsResources.of("shop", "todo", "");
    ResourceID id = ResourceID.fromResource(resource);
    poller.track(id);
    aws.create(request(resource));

    List<String> seen = new java.util.ArrayList<>();
    for (int cycle = 0; cycle < 6; cycle++) {
      poller.poll();
      seen.add(only(id).status());
      assertThat(poller.nextPollAt())
          .contains(clock.instant().plus(only(id).transitioning() ? FAST : SLOW));
      clock.advance(FAST);
    }

    assertThat(seen)
        .containsExactly(
            "creating", "creating", "creating", "backing-up", "available", "available");
    assertThat(only(id).endpoint()).isNotNull();
    assertThat(aws.count("DescribeDBInstances")).as("one call per cycle").isEqualTo(6);
    assertThat(events).as("a reconcile for each change, none when nothing changed").hasSize(4);
  }

  @Test
  void everyCycleIsTimedAndTheInstancesOfTheLastGoodOneAreCounted() {
    assertThat(registry.get("taskoverflow.rds.poll.duration").timer().count())
        .as("there before the first cycle")
        .isZero();
    assertThat(registry.get("taskoverflow.rds.poll.instances").gauge().value()).isZero();
    for (String name : List.of("shop", "blog")) {
      aws.create(request(RdsResources.of(name, "todo", "")));
    }

    poller.poll();
    aws.failDescribes(THROTTLED);
    poller.poll();

    assertThat(registry.get("taskoverflow.rds.poll.duration").timer().count())
        .as("the failed cycle too")
        .isEqualTo(2);
    assertThat(registry.get("taskoverflow.rds.poll.instances").gauge().value())
        .as("what the cache still holds")
        .isEqualTo(2);
  }

  @Test
  void aModificationIsFollowedFastAndItsEndIsNoticed() {
    aws.modifyingFor("modifying", "modifying", "available");
    TaskOverflow resource = RdsResources.of("shop", "todo", "");
    ResourceID id = ResourceID.fromResource(resource);
    poller.track(id);
    aws.create(request(resource));
    poller.poll();
    assertThat(poller.nextPollAt()).contains(clock.instant().plus(SLOW));

    aws.modify(
        only(id).identifier(),
        new RdsSettingsChange("db.t3.small", null, null, null, null, null, null),
        true);
    poller.changeRequested();
    assertThat(poller.nextPollAt()).contains(clock.instant().plus(FAST));
    poller.poll();
    assertThat(only(id).status()).isEqualTo("modifying");
    poller.poll();
    poller.poll();

    assertThat(only(id).status()).isEqualTo("available");
    assertThat(only(id).instanceClass()).isEqualTo("db.t3.small");
    assertThat(poller.nextPollAt()).contains(clock.instant().plus(SLOW));
  }

  @Test
  void aThrottlingBurstKeepsTheLastViewAndIsNotReported() {
    TaskOverflow resource = RdsResources.of("shop", "todo", "");
    ResourceID id = ResourceID.fromResource(resource);
    poller.track(id);
    aws.create(request(resource));
    poller.poll();
    events.clear();

    aws.failDescribes(THROTTLED, THROTTLED, THROTTLED);
    for (int i = 0; i < 3; i++) {
      clock.advance(FAST);
      poller.poll();
      assertThat(poller.problem()).as("a short burst is not the resources' problem").isEmpty();
      assertThat(only(id).status()).isEqualTo("available");
    }
    poller.poll();

    assertThat(poller.problem()).isEmpty();
    assertThat(events).as("no status flapping").isEmpty();
  }

  @Test
  void throttlingThatLastsIsReportedAndClearsWhenItEnds() {
    TaskOverflow resource = RdsResources.of("shop", "todo", "");
    ResourceID id = ResourceID.fromResource(resource);
    poller.track(id);
    poller.poll();
    events.clear();

    for (int i = 0; i < 40; i++) {
      aws.failDescribes(THROTTLED);
    }
    for (int i = 0; i < 30 && poller.problem().isEmpty(); i++) {
      clock.advance(FAST);
      poller.poll();
    }
    assertThat(poller.problem()).map(RdsRequestException::code).contains("Throttling");
    assertThat(events).as("the resources hear of it once").containsExactly(id);

    aws.stopFailingDescribes();
    while (poller.problem().isPresent()) {
      clock.advance(FAST);
      poller.poll();
    }
    assertThat(events).as("and once more when it is over").containsExactly(id, id);
  }

  @Test
  void aMissingPermissionIsReportedAtOnce() {
    poller.track(ResourceID.fromResource(RdsResources.of("shop", "todo", "")));
    aws.failDescribes(
        new RdsRequestException(
            "DescribeDBInstances",
            "AccessDenied",
            "not authorized to perform rds:DescribeDBInstances"));

    poller.poll();

    assertThat(poller.synced()).isFalse();
    assertThat(poller.problem()).map(RdsRequestException::code).contains("AccessDenied");
    poller.poll();
    assertThat(poller.synced()).isTrue();
    assertThat(poller.problem()).isEmpty();
  }

  @Test
  void anInstanceCreatedDuringAPollIsNotForgottenByThatPoll() {
    TaskOverflow resource = RdsResources.of("shop", "todo", "");
    ResourceID id = ResourceID.fromResource(resource);
    poller.track(id);
    poller.poll();
    RdsInstance created = aws.create(request(resource));
    aws.delete(created.identifier(), Optional.empty()); // the next answer does not list it yet
    clock.advance(Duration.ofMillis(1));
    poller.handleRecentResourceCreate(id, created);

    clock.advance(Duration.ofMillis(-2)); // this poll began before the create
    poller.poll();

    assertThat(poller.instancesOf(id)).containsExactly(created);
  }

  @Test
  void nothingIsPolledWithoutAResourceInModeRds() {
    assertThat(poller.nextPollAt()).isEmpty();
    poller.track(ResourceID.fromResource(RdsResources.of("shop", "todo", "")));
    assertThat(poller.nextPollAt()).contains(clock.instant());
  }

  private RdsInstance only(ResourceID id) {
    return poller.instancesOf(id).iterator().next();
  }

  private static RdsCreateRequest request(TaskOverflow resource) {
    RdsSettings settings =
        new RdsSettings(
            Optional.empty(),
            Optional.empty(),
            Optional.of("group"),
            List.of("sg-0123456789abcdef0"),
            FAST,
            SLOW,
            Optional.empty());
    return new RdsDesiredInstance(resource, settings).createRequest("u", "p").value();
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
