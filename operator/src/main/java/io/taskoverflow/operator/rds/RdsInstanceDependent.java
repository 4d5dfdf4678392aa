package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.AbstractExternalDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.aws.RdsTags;
import io.taskoverflow.operator.config.RdsSettings;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RDS instance of a resource in mode RDS, an external dependent: created when the shared {@link
 * RdsInstancePoller} has no instance for it, modified once when AWS differs from the spec, deleted
 * (or let go) by {@link RdsInstanceRemoval} when the resource is deleted.
 *
 * <p>AWS errors do not fail the reconcile: they become the {@link RdsOutcome} that DatabaseReady
 * reports, and the next reconcile tries again, so nothing stays stuck once the cause is fixed.
 * Nothing is created before the poller has observed AWS at least once, so an instance that exists
 * is always found first; {@code DBInstanceAlreadyExists} (a create whose answer was lost) is
 * adopted when the tags say the instance is this resource's, and refused otherwise.
 */
public class RdsInstanceDependent
    extends AbstractExternalDependentResource<RdsInstance, TaskOverflow, RdsInstancePoller, String>
    implements Creator<RdsInstance, TaskOverflow>,
        Updater<RdsInstance, TaskOverflow>,
        Deleter<TaskOverflow> {

  public static final String NAME = "rds-instance";
  private static final Logger LOG = LoggerFactory.getLogger(RdsInstanceDependent.class);

  private final RdsGateway gateway;
  private final RdsSettings settings;
  private final Clock clock;

  public RdsInstanceDependent(RdsGateway gateway, RdsSettings settings, Clock clock) {
    super(RdsInstance.class);
    this.gateway = gateway;
    this.settings = settings;
    this.clock = clock;
    setResourceIDMapper(RdsInstance::identifier);
  }

  @Override
  protected RdsInstancePoller createEventSource(EventSourceContext<TaskOverflow> context) {
    return new RdsInstancePoller(
        "rds-instances", gateway, settings.fastPoll(), settings.slowPoll(), clock);
  }

  public RdsInstancePoller poller() {
    return eventSource().orElseThrow();
  }

  @Override
  public ReconcileResult<RdsInstance> reconcile(
      TaskOverflow primary, Context<TaskOverflow> context) {
    if (!RdsDatabaseSelected.test(primary)) {
      return ReconcileResult.noOperation(null);
    }
    Optional<RdsProblem> unobserved = RdsView.awaitFor(poller(), ResourceID.fromResource(primary));
    String identifier = RdsIdentifier.of(primary);
    Optional<RdsInstance> cached = getSecondaryResource(primary, context);
    // No view of AWS yet, or someone else's instance: nothing is done.
    Optional<RdsProblem> blocker =
        unobserved.or(
            () ->
                cached
                    .filter(instance -> !RdsTags.ownedBy(instance, primary))
                    .map(instance -> RdsOwnership.conflict(instance, primary)));
    if (blocker.isPresent()) {
      RdsOutcome.problem(identifier, cached, blocker.get()).store(context);
      return ReconcileResult.noOperation(cached.orElse(null));
    }
    try {
      ReconcileResult<RdsInstance> result = super.reconcile(primary, context);
      Optional<RdsInstance> instance = result.getSingleResource().or(() -> cached);
      RdsOutcome.of(identifier, instance, activity(primary, result, cached)).store(context);
      return result;
    } catch (RdsRequestException e) {
      LOG.warn(
          "RDS instance {} of {}: {}",
          identifier,
          ResourceID.fromResource(primary),
          e.getMessage());
      RdsOutcome.problem(identifier, cached, RdsProblem.of(e)).store(context);
    } catch (RdsBlockedException e) {
      RdsOutcome.problem(identifier, cached, e.problem()).store(context);
    }
    return ReconcileResult.noOperation(cached.orElse(null));
  }

  private String activity(
      TaskOverflow primary, ReconcileResult<RdsInstance> result, Optional<RdsInstance> cached) {
    return switch (result.getSingleOperation()) {
      case CREATED -> null;
      case UPDATED -> {
        String change =
            new RdsDesiredInstance(primary, settings).changeFrom(cached.orElseThrow()).describe();
        yield "modification requested: "
            + (change.isEmpty() ? "the master password of its Secret" : change);
      }
      case NONE -> null;
    };
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
  protected RdsInstance desired(TaskOverflow primary, Context<TaskOverflow> context) {
    return new RdsDesiredInstance(primary, settings).asInstance();
  }

  /**
   * An instance differs when its settings or its master password do. Modifications wait for an
   * available instance: RDS refuses them in most other states.
   */
  @Override
  public Matcher.Result<RdsInstance> match(
      RdsInstance actual, TaskOverflow primary, Context<TaskOverflow> context) {
    RdsSettingsChange change = new RdsDesiredInstance(primary, settings).changeFrom(actual);
    boolean differs = !change.isEmpty() || RdsMasterPassword.stale(actual, primary, context);
    return Matcher.Result.nonComputed(!differs || !"available".equals(actual.status()));
  }

  @Override
  public RdsInstance create(
      RdsInstance desired, TaskOverflow primary, Context<TaskOverflow> context) {
    RdsInstance created = new RdsCreation(gateway, settings).create(primary, context);
    poller().changeRequested();
    return created;
  }

  @Override
  public RdsInstance update(
      RdsInstance actual,
      RdsInstance desired,
      TaskOverflow primary,
      Context<TaskOverflow> context) {
    RdsInstance current = actual;
    if (RdsMasterPassword.stale(actual, primary, context)) {
      current = RdsMasterPassword.reset(gateway, actual, primary, context);
      poller().changeRequested();
    }
    RdsDesiredInstance want = new RdsDesiredInstance(primary, settings);
    RdsSettingsChange change = want.changeFrom(current);
    if (change.isEmpty()) {
      return current;
    }
    RdsInstance modified = gateway.modify(actual.identifier(), change, want.applyImmediately());
    poller().changeRequested();
    RdsEvents.modifying(context, primary, actual.identifier(), change, want.applyImmediately());
    // Tags are not part of every answer; modifying does not change them.
    return modified.withTags(current.tags());
  }

  @Override
  protected void handleDelete(
      TaskOverflow primary, RdsInstance secondary, Context<TaskOverflow> context) {
    if (!RdsDatabaseSelected.test(primary)) {
      return;
    }
    new RdsInstanceRemoval(gateway, poller(), clock)
        .remove(primary, Optional.ofNullable(secondary), context)
        .store(context);
  }
}
