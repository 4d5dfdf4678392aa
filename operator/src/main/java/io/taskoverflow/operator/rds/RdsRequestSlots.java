package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Iterator;
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

  void release() {
    slots.release();
    Iterator<ResourceID> next = waiting.iterator();
    if (next.hasNext()) {
      ResourceID resource = next.next();
      next.remove();
      wake.accept(resource);
    }
  }
}
