package io.taskoverflow.operator;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.app.AppDeploymentDependent;
import io.taskoverflow.operator.app.AppReadiness;
import io.taskoverflow.operator.app.AppServiceDependent;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.database.Recheck;
import io.taskoverflow.operator.flow.DatabaseFlow;
import io.taskoverflow.operator.flow.DatabaseFlows;
import io.taskoverflow.operator.metrics.ResourceGauges;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.rds.RdsObservation;
import io.taskoverflow.operator.status.AmendedStatus;
import io.taskoverflow.operator.status.ReconcileFailure;
import io.taskoverflow.operator.status.StallPolicy;
import io.taskoverflow.operator.status.StatusAssembler;
import io.taskoverflow.operator.status.StatusRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the flow of a TaskOverflow's database mode ({@link DatabaseFlows}) and reports on it. The
 * flows' dependents decide every object; this class only turns the workflow's result into status.
 * The flows are JOSDK workflows invoked here rather than one managed workflow, so that each mode's
 * steps can be read in one file; JOSDK's activation conditions, made to switch a dependent on or
 * off, register and remove its informer for the whole controller, so resources of different modes
 * would keep emptying each other's caches.
 *
 * <p>A spec the operator cannot work from (see {@link TaskOverflow#specProblem()}) runs no flow: it
 * is reported ({@link InvalidSpecs}), and a deletion lets the resource go at once.
 */
@ControllerConfiguration(name = TaskOverflowReconciler.NAME)
public class TaskOverflowReconciler implements Reconciler<TaskOverflow>, Cleaner<TaskOverflow> {

  public static final String NAME = "taskoverflow";

  private static final Duration DELETION_RECHECK = Duration.ofSeconds(10);

  private final DatabaseFlows flows;

  /** How soon an RDS resource that is not ready, or not deleted yet, is looked at again. */
  private final Duration recheck;

  /** The same, for a database whose trouble should pass in moments ({@link Recheck#SOON}). */
  private final Duration recheckSoon;

  private final ResourceGauges gauges;

  public TaskOverflowReconciler(
      DatabaseFlows flows, Duration recheckSoon, Duration recheck, ResourceGauges gauges) {
    this.flows = flows;
    this.recheckSoon = recheckSoon;
    this.recheck = recheck;
    this.gauges = gauges;
  }

  @Override
  public List<EventSource<?, TaskOverflow>> prepareEventSources(
      EventSourceContext<TaskOverflow> context) {
    // The controller's informer cache exists from here on: the gauges count what it holds.
    gauges.countFrom(context.getPrimaryCache()::list);
    return flows.eventSources(context);
  }

  @Override
  public UpdateControl<TaskOverflow> reconcile(
      TaskOverflow resource, Context<TaskOverflow> context) {
    Optional<String> problem = resource.specProblem();
    if (problem.isPresent()) {
      return InvalidSpecs.report(resource, context, problem.get());
    }
    DatabaseFlow flow = flows.of(resource);
    var result = flow.workflow().reconcile(resource, context);
    DatabaseReadiness database =
        result
            .getDependentConditionResult(
                flow.database(), Condition.Type.READY, DatabaseReadiness.class)
            .orElseThrow(() -> new IllegalStateException("no database readiness in the workflow"));
    Optional<AppReadiness> app =
        result.getDependentConditionResult(
            AppDeploymentDependent.NAME, Condition.Type.READY, AppReadiness.class);
    TaskOverflowStatus status =
        StatusAssembler.assemble(resource, database, app, AppServiceDependent.observed(context));
    UpdateControl<TaskOverflow> control =
        StatusRecorder.patch(context.getClient(), resource, status)
            .map(UpdateControl::patchStatus)
            .orElseGet(UpdateControl::noUpdate);
    // AWS sends no event when permissions, quotas or a subnet group are fixed: look again.
    Optional<Duration> awsRecheck =
        flow.provisioner()
            .recheck(database)
            .map(pace -> pace == Recheck.SOON ? recheckSoon : recheck);
    // Nothing may happen when a cause outlasts its grace: look again then, to say it stalled.
    return Stream.of(awsRecheck, StallPolicy.nextStall(status, Instant.now()))
        .flatMap(Optional::stream)
        .min(Comparator.naturalOrder())
        .map(control::rescheduleAfter)
        .orElse(control);
  }

  /** The RDS flow deletes or lets go of the instance; this reports how far it has come. */
  @Override
  public DeleteControl cleanup(TaskOverflow resource, Context<TaskOverflow> context) {
    Optional<String> problem = resource.specProblem();
    if (problem.isPresent()) {
      InvalidSpecs.releaseWithoutCleanup(resource, context, problem.get());
      return DeleteControl.defaultDelete();
    }
    var workflow = flows.of(resource).workflow();
    if (!workflow.hasCleaner()) {
      return DeleteControl.defaultDelete();
    }
    Optional<RdsObservation> seen =
        workflow
            .cleanup(resource, context)
            .getDependentConditionResult(
                RdsInstanceDependent.NAME, Condition.Type.DELETE, RdsObservation.class);
    if (!(seen.orElse(null) instanceof RdsObservation.Deleting deleting)) {
      return DeleteControl.defaultDelete();
    }
    // JOSDK's DeleteControl carries no status: written here, by the same recorder.
    StatusRecorder.patch(context.getClient(), resource, AmendedStatus.deleting(resource, deleting))
        .ifPresent(patch -> context.getClient().resource(patch).patchStatus());
    // Often enough that the deletion deadline (under a minute) is met, whatever recheck is.
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(recheck.compareTo(DELETION_RECHECK) < 0 ? recheck : DELETION_RECHECK);
  }

  @Override
  public ErrorStatusUpdateControl<TaskOverflow> updateErrorStatus(
      TaskOverflow resource, Context<TaskOverflow> context, Exception e) {
    if (ReconcileFailure.cutShortByStop(e)) {
      // The operator is stopping: the resource is as it was, and the next process reconciles it.
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    ReconcileFailure failure = ReconcileFailure.of(e, DatabaseFlows.APP_NODES);
    return StatusRecorder.patch(
            context.getClient(),
            resource,
            StatusAssembler.failed(resource, failure, AppServiceDependent.observed(context)))
        .map(ErrorStatusUpdateControl::patchStatus)
        .orElseGet(ErrorStatusUpdateControl::defaultErrorProcessing);
  }
}
