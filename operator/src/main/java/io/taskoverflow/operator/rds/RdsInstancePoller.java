package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ExternalResourceCachingEventSource;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes every RDS instance of the operator with one {@link RdsGateway#describeManaged()} call
 * chain per cycle, whatever the number of resources, and caches each instance under the resource
 * its tags name; a changed, new or vanished instance triggers a reconcile of that resource. A
 * thousand resources cost the AWS account ten DescribeDBInstances pages per cycle, not a thousand
 * calls.
 *
 * <p>The cycle is short while an instance is transitioning (creating, modifying, deleting, ...) or
 * a change was just requested, and long while all are settled. Nothing is polled until a resource
 * in mode RDS asks for it ({@link #track}): an operator without RDS resources never calls AWS.
 *
 * <p>A failed poll keeps the last good cache. Its error is reported ({@link #problem()}) only when
 * it is not transient, before the first success, or once it has lasted long enough that the cache
 * is stale: a throttling burst does not flip every resource's status.
 */
public class RdsInstancePoller
    extends ExternalResourceCachingEventSource<RdsInstance, TaskOverflow, String> {

  private static final Logger LOG = LoggerFactory.getLogger(RdsInstancePoller.class);
  private static final int STALE_AFTER_SLOW_CYCLES = 3;

  private final RdsGateway gateway;
  private final Duration fast;
  private final Duration slow;
  private final Clock clock;
  private final boolean automatic;
  private final Set<ResourceID> tracked = ConcurrentHashMap.newKeySet();
  private final RecentCreates recentCreates = new RecentCreates();

  private final PollSchedule schedule;
  private volatile boolean changeRequested;
  private final PollHealth health;
  private final RdsPollMetrics metrics;

  /**
   * @param automatic whether it polls on its own schedule once started; if not, the caller (a test)
   *     runs each cycle with {@link #poll()}
   */
  RdsInstancePoller(
      RdsGateway gateway,
      Duration fast,
      Duration slow,
      Clock clock,
      boolean automatic,
      RdsPollMetrics metrics) {
    super("rds-instances", RdsInstance.class, RdsInstance::identifier);
    this.gateway = gateway;
    this.fast = fast;
    this.slow = slow;
    this.clock = clock;
    this.automatic = automatic;
    this.schedule = new PollSchedule(this, this::poll, fast, clock);
    this.health = new PollHealth(slow.multipliedBy(STALE_AFTER_SLOW_CYCLES), clock);
    this.metrics = metrics;
  }

  @Override
  public synchronized void start() throws OperatorException {
    super.start();
    if (automatic) {
      schedule.start("rds-poller");
      if (!tracked.isEmpty()) {
        schedule.after(Duration.ZERO);
      }
    }
  }

  @Override
  public synchronized void stop() throws OperatorException {
    super.stop();
    schedule.stop();
    gateway.close();
  }

  /** A resource in mode RDS wants its instance observed; the first one starts the polling. */
  public void track(ResourceID resource) {
    // Until the first view of AWS, a new resource asks for one now, unless a poll is under way:
    // many resources at start-up must not queue a second poll behind the first. Both flags are
    // read under the lock: read before it, "not synced" may be stale by the time the first poll
    // has ended, and would start a second one right behind it.
    if (tracked.add(resource)) {
      synchronized (this) {
        if ((tracked.size() == 1 || !health.synced()) && !schedule.polling()) {
          schedule.after(Duration.ZERO);
        }
      }
    }
  }

  /** The resource's instance is gone or was let go: neither observed nor cached any more. */
  public synchronized void release(ResourceID resource) {
    tracked.remove(resource);
    recentCreates.forget(resource);
    handleDelete(resource);
  }

  /** Has the resource reconciled now, e.g. because what it waited for in the operator is free. */
  public void wake(ResourceID resource) {
    if (getEventHandler() != null && isRunning()) {
      getEventHandler().handleEvent(new Event(resource));
    }
  }

  /** A request that changes an instance was made: look again soon instead of after a long wait. */
  public void changeRequested() {
    changeRequested = true;
    schedule.after(fast);
  }

  /**
   * Waits (up to {@code timeout}) for the first poll to finish, successful or not. After an
   * operator restart the first reconciles would otherwise find no view of AWS yet and report every
   * RDS resource as not ready for a moment.
   */
  public void awaitFirstPoll(Duration timeout) {
    health.awaitFirstAttempt(timeout);
  }

  /** Whether the cache reflects at least one successful poll, so an absent instance is absent. */
  public boolean synced() {
    return health.synced();
  }

  /** The polling error the resources should report, if any (see the class comment). */
  public Optional<RdsRequestException> problem() {
    return health.problem();
  }

  /** The instances the cache holds for a resource. */
  public Set<RdsInstance> instancesOf(ResourceID resource) {
    return getSecondaryResources(resource);
  }

  @Override
  public synchronized void handleRecentResourceCreate(ResourceID primaryID, RdsInstance resource) {
    super.handleRecentResourceCreate(primaryID, resource);
    recentCreates.add(primaryID, resource, clock.instant());
  }

  /** One cycle: describe every managed instance, update the cache, plan the next cycle. */
  public void poll() {
    try {
      metrics.timeCycle(this::observe);
    } finally {
      // Only now is the outcome (cache, synced, error) visible to those waiting for it.
      health.attempted();
    }
  }

  private void observe() {
    Instant started = clock.instant();
    List<RdsInstance> instances;
    try {
      instances = gateway.describeManaged();
    } catch (RdsRequestException e) {
      failed(e);
      return;
    } catch (RuntimeException e) {
      LOG.error("observing RDS instances failed", e);
      failed(new RdsRequestException("DescribeDBInstances", "InternalError", e.toString(), e));
      return;
    }
    metrics.seen(instances.size());
    boolean news;
    synchronized (this) {
      handleResources(recentCreates.byOwner(instances, started));
      news = health.succeeded(started);
    }
    if (news) {
      notifyTracked();
    }
    boolean busy = changeRequested || instances.stream().anyMatch(RdsInstance::transitioning);
    changeRequested = false;
    schedule.after(busy ? fast : slow);
  }

  /** Keeps the last good cache; the resources hear of the error once it counts (see problem()). */
  private void failed(RdsRequestException e) {
    LOG.warn("observing RDS instances failed: {}", e.getMessage());
    if (health.failed(e)) {
      notifyTracked();
    }
    schedule.after(fast);
  }

  /** When the next poll is planned; for logs and tests. */
  public Optional<Instant> nextPollAt() {
    return schedule.nextAt();
  }

  private void notifyTracked() {
    tracked.forEach(this::wake);
  }
}
