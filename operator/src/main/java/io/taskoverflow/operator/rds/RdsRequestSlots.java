package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * How many reconciles may work on RDS at once. A request to a slow or throttling AWS can take up to
 * the SDK's 90 s call timeout; unbounded, RDS resources would hold every reconcile thread, and
 * in-cluster and external resources, which need no AWS, would wait behind them. A resource refused
 * a slot is reconciled again as soon as one frees, without polling.
 */
final class RdsRequestSlots {

  private static final String REASON = "AwsRequestsQueued";
  private static final String MESSAGE =
      "waiting for other resources' requests to AWS, which is answering slowly";

  private final Semaphore slots;
  private final Set<ResourceID> waiting = ConcurrentHashMap.newKeySet();
  private final Consumer<ResourceID> wake;

  RdsRequestSlots(int count, Consumer<ResourceID> wake) {
    this.slots = new Semaphore(count);
    this.wake = wake;
  }

  /** A third of the reconcile threads, at least one: the rest always serve the other modes. */
  static int shareOf(int reconcileThreads) {
    return Math.max(1, reconcileThreads / 3);
  }

  /** Takes a slot, or queues the resource for the next one to free. */
  boolean tryAcquire(ResourceID resource) {
    if (slots.tryAcquire()) {
      waiting.remove(resource);
      return true;
    }
    waiting.add(resource);
    // A slot freed between the two steps would otherwise wake nobody.
    if (slots.tryAcquire()) {
      waiting.remove(resource);
      return true;
    }
    return false;
  }

  /**
   * Frees a slot and wakes every resource waiting for one: those that lose the race queue again at
   * no cost, and one that was deleted meanwhile cannot hold the others up.
   */
  void release() {
    slots.release();
    List<ResourceID> woken = List.copyOf(waiting);
    waiting.removeAll(woken);
    woken.forEach(wake);
  }

  /**
   * No slot free: what the poller last saw of the resource's own instance stands, and the action
   * waits for the slot (the resource is woken then).
   */
  static RdsObservation whileQueued(
      TaskOverflow resource, String identifier, Optional<RdsInstance> cached) {
    Optional<RdsInstance> own = cached.filter(instance -> RdsOwnership.ownedBy(instance, resource));
    if (own.isPresent()) {
      return RdsObservation.Observed.as(identifier, own);
    }
    return RdsObservation.waiting(identifier, Optional.empty(), REASON, MESSAGE);
  }

  /** No slot free for a deletion: the finalizer stays until one frees. */
  static RdsObservation.Deleting deletionQueued(String identifier) {
    return new RdsObservation.Deleting(identifier, REASON, MESSAGE, false, null, null, List.of());
  }
}
