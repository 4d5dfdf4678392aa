package io.taskoverflow.operator.rds;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.AbstractExternalDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.config.RdsSettings;
import java.time.Clock;
import java.util.Optional;

/**
 * The RDS instance of a resource in mode RDS, as a JOSDK external dependent: it hands what the
 * shared {@link RdsInstancePoller} saw to {@link RdsLifecycle} (create, adopt, modify) or, once the
 * resource is deleted, to {@link RdsInstanceRemoval} (delete, snapshot, retain), and leaves the
 * {@link RdsObservation} for the connection Secret, DatabaseReady and the deletion status.
 *
 * <p>JOSDK's own create/update steps are not used: they can end only in an instance or an
 * exception, while an RDS request may end blocked (an AWS error, another owner, a missing setting),
 * which must become a condition, not a failed reconcile. Nothing happens before the poller has
 * observed AWS at least once, so an instance that exists is always found first.
 */
public class RdsInstanceDependent
    extends AbstractExternalDependentResource<RdsInstance, TaskOverflow, RdsInstancePoller, String>
    implements Deleter<TaskOverflow> {

  public static final String NAME = "rds-instance";

  private final RdsGateway gateway;
  private final RdsSettings settings;
  private final Clock clock;
  private final RdsLifecycle lifecycle;
  private final RdsInstanceRemoval removal;
  private final RdsRequestSlots slots;
  private final RdsDeletionDeadline deadline;
  private final RdsPollMetrics pollMetrics;

  /**
   * @param requestSlots how many reconciles may work on RDS at once ({@link RdsRequestSlots})
   */
  public RdsInstanceDependent(
      RdsGateway gateway,
      MasterLogin login,
      RdsSettings settings,
      int requestSlots,
      Clock clock,
      RdsPollMetrics pollMetrics) {
    super(RdsInstance.class);
    setName(NAME);
    this.gateway = gateway;
    this.settings = settings;
    this.clock = clock;
    this.lifecycle = new RdsLifecycle(gateway, login);
    this.slots = new RdsRequestSlots(requestSlots, resource -> poller().wake(resource));
    this.deadline = new RdsDeletionDeadline(clock);
    this.removal = new RdsInstanceRemoval(gateway, clock);
    this.pollMetrics = pollMetrics;
    setResourceIDMapper(RdsInstance::identifier);
  }

  @Override
  protected RdsInstancePoller createEventSource(EventSourceContext<TaskOverflow> context) {
    return new RdsInstancePoller(
        gateway, settings.fastPoll(), settings.slowPoll(), clock, true, pollMetrics);
  }

  public RdsInstancePoller poller() {
    return eventSource().orElseThrow();
  }

  RdsDeletionDeadline deadline() {
    return deadline;
  }

  /** The share of reconcile threads RDS may hold ({@link RdsRequestSlots}). */
  public static int requestSlotsFor(int reconcileThreads) {
    return RdsRequestSlots.shareOf(reconcileThreads);
  }

  @Override
  public ReconcileResult<RdsInstance> reconcile(
      TaskOverflow primary, Context<TaskOverflow> context) {
    ResourceID id = ResourceID.fromResource(primary);
    String identifier = RdsIdentifier.of(primary);
    RdsObservation seen;
    if (slots.tryAcquire(id)) {
      try {
        seen = observeAndAct(primary, context, id, identifier);
      } finally {
        slots.release();
      }
    } else {
      seen =
          RdsRequestSlots.whileQueued(primary, identifier, getSecondaryResource(primary, context));
    }
    seen.store(context);
    RdsEvents.record(context, primary, seen);
    if (seen instanceof RdsObservation.Observed observed) {
      if (observed.created()) {
        poller().handleRecentResourceCreate(id, observed.instance().orElseThrow());
      }
      if (observed.created() || !observed.events().isEmpty()) {
        poller().changeRequested();
      }
    }
    return ReconcileResult.noOperation(seen.instance().orElse(null));
  }

  private RdsObservation observeAndAct(
      TaskOverflow primary, Context<TaskOverflow> context, ResourceID id, String identifier) {
    // The first view of AWS first: only then does an absent instance mean there is none.
    Optional<RdsObservation.Blocked> unobserved = RdsView.awaitFor(poller(), id, identifier);
    Optional<RdsInstance> cached = getSecondaryResource(primary, context);
    return unobserved
        .<RdsObservation>map(blocked -> blocked.about(cached))
        .orElseGet(
            () ->
                lifecycle.reconcile(
                    new RdsLifecycle.Inputs(
                        primary,
                        new RdsDesiredInstance(primary, settings),
                        cached,
                        RdsCredentials.read(primary, context),
                        RdsCredentials.generatedSecretUid(primary, context))));
  }

  /** The instance cached for this resource under the identifier it should have. */
  @Override
  public Optional<RdsInstance> getSecondaryResource(
      TaskOverflow primary, Context<TaskOverflow> context) {
    String identifier = RdsIdentifier.of(primary);
    return poller().instancesOf(ResourceID.fromResource(primary)).stream()
        .filter(instance -> instance.identifier().equals(identifier))
        .findFirst();
  }

  @Override
  protected void handleDelete(
      TaskOverflow primary, RdsInstance secondary, Context<TaskOverflow> context) {
    ResourceID id = ResourceID.fromResource(primary);
    if (!slots.tryAcquire(id)) {
      RdsRequestSlots.deletionQueued(RdsIdentifier.of(primary)).store(context);
      return;
    }
    RdsObservation seen;
    RdsDesiredInstance want = new RdsDesiredInstance(primary, settings);
    try {
      seen =
          removal.remove(
              new RdsInstanceRemoval.Inputs(
                  primary,
                  want.deletionPolicy(),
                  want.takesFinalSnapshot(),
                  Optional.ofNullable(secondary),
                  RdsView.awaitFor(poller(), id, RdsIdentifier.of(primary)),
                  context.getSecondaryResource(
                      Secret.class, RdsCredentials.MASTER_SECRET_EVENT_SOURCE),
                  secret ->
                      context
                          .getClient()
                          .secrets()
                          .resource(secret)
                          .forceConflicts()
                          .serverSideApply()));
    } finally {
      slots.release();
    }
    seen.store(context);
    RdsEvents.record(context, primary, seen);
    if (seen instanceof RdsObservation.Gone) {
      // Deleted, or let go: nothing of it is to be cached or observed any more.
      poller().release(id);
    } else if (!seen.events().isEmpty()) {
      poller().changeRequested();
    }
  }
}
