package io.taskoverflow.operator;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.app.AppDeploymentDependent;
import io.taskoverflow.operator.app.AppIngressDependent;
import io.taskoverflow.operator.app.AppReadiness;
import io.taskoverflow.operator.app.AppReadyCondition;
import io.taskoverflow.operator.app.AppServiceDependent;
import io.taskoverflow.operator.app.IngressRequested;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.database.ExternalSecretEventSource;
import io.taskoverflow.operator.dependent.ConnectionSecretDependent;
import io.taskoverflow.operator.dependent.DatabaseReadyCondition;
import io.taskoverflow.operator.dependent.InClusterDatabaseSelected;
import io.taskoverflow.operator.dependent.OwnedPods;
import io.taskoverflow.operator.dependent.PostgresServiceDependent;
import io.taskoverflow.operator.dependent.PostgresStatefulSetDependent;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.rds.RdsInstanceGone;
import io.taskoverflow.operator.rds.RdsMasterSecretDependent;
import io.taskoverflow.operator.rds.RdsObservation;
import io.taskoverflow.operator.status.ReconcileFailure;
import io.taskoverflow.operator.status.StatusAssembler;
import io.taskoverflow.operator.status.StatusRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Declares what a TaskOverflow is made of and reports on it. The dependents decide every object;
 * this class only turns the workflow's result into status.
 *
 * <p>The connection Secret is reconciled in every mode. The database node after it (the in-cluster
 * PostgreSQL StatefulSet, which does nothing in other modes) becomes ready when the mode's database
 * is usable, or at once for the in-cluster PostgreSQL, which starts together with the app; the app
 * hangs on it, so it waits for the database without being torn down when the database has a bad
 * moment. The StatefulSet comes after the Secret so that its pods start with the Secret's
 * credentials from the first. Mode-specific objects use reconcile preconditions, not activation
 * conditions: JOSDK registers and removes an activation condition's informer for the whole
 * controller, so resources of different modes would keep emptying each other's caches.
 *
 * <p>The RDS master Secret and instance come before the connection Secret, which is written from
 * what they found. They carry no precondition either: an unmet one would delete every node that
 * depends on them (the connection Secret and the app). In other modes they do nothing. The
 * instance's delete post-condition holds the finalizer until RDS no longer lists the instance;
 * meanwhile {@link #cleanup} reports.
 *
 * <p>A spec the operator cannot work from (see {@link TaskOverflow#specProblem()}) runs no
 * workflow: it is reported ({@link InvalidSpecs}), and a deletion lets the resource go at once.
 */
@Workflow(
    // Invoked by reconcile and cleanup, which first make sure the spec can be worked from.
    explicitInvocation = true,
    dependents = {
      @Dependent(name = RdsMasterSecretDependent.NAME, type = RdsMasterSecretDependent.class),
      @Dependent(
          name = RdsInstanceDependent.NAME,
          type = RdsInstanceDependent.class,
          dependsOn = RdsMasterSecretDependent.NAME,
          deletePostcondition = RdsInstanceGone.class),
      @Dependent(
          name = ConnectionSecretDependent.NAME,
          type = ConnectionSecretDependent.class,
          dependsOn = RdsInstanceDependent.NAME),
      @Dependent(
          name = "postgres-service",
          type = PostgresServiceDependent.class,
          reconcilePrecondition = InClusterDatabaseSelected.class),
      @Dependent(
          name = TaskOverflowReconciler.DATABASE,
          type = PostgresStatefulSetDependent.class,
          dependsOn = ConnectionSecretDependent.NAME,
          readyPostcondition = DatabaseReadyCondition.class),
      @Dependent(
          name = TaskOverflowReconciler.APP,
          type = AppDeploymentDependent.class,
          dependsOn = TaskOverflowReconciler.DATABASE,
          readyPostcondition = AppReadyCondition.class),
      @Dependent(name = TaskOverflowReconciler.APP_SERVICE, type = AppServiceDependent.class),
      @Dependent(
          name = TaskOverflowReconciler.INGRESS,
          type = AppIngressDependent.class,
          // A precondition, not an activation condition: dropping ingress from the spec deletes it.
          reconcilePrecondition = IngressRequested.class),
    })
@ControllerConfiguration(name = TaskOverflowReconciler.NAME)
public class TaskOverflowReconciler implements Reconciler<TaskOverflow>, Cleaner<TaskOverflow> {

  public static final String NAME = "taskoverflow";
  static final String DATABASE = "database";
  static final String APP = "app";
  static final String APP_SERVICE = "app-service";
  static final String INGRESS = "ingress";

  /** The dependents whose failure is the todo service's (AppReady), not the database's. */
  private static final Set<String> APP_DEPENDENTS = Set.of(APP, APP_SERVICE, INGRESS);

  private static final Duration DELETION_RECHECK = Duration.ofSeconds(10);

  /** How soon an RDS resource that is not ready, or not deleted yet, is looked at again. */
  private final Duration recheck;

  public TaskOverflowReconciler(Duration recheck) {
    this.recheck = recheck;
  }

  @Override
  public List<EventSource<?, TaskOverflow>> prepareEventSources(
      EventSourceContext<TaskOverflow> context) {
    return List.of(ExternalSecretEventSource.create(context), OwnedPods.eventSource(context));
  }

  @Override
  public UpdateControl<TaskOverflow> reconcile(
      TaskOverflow resource, Context<TaskOverflow> context) {
    Optional<String> problem = resource.specProblem();
    if (problem.isPresent()) {
      return InvalidSpecs.report(resource, context, problem.get());
    }
    var result = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    DatabaseReadiness database =
        result
            .getDependentConditionResult(DATABASE, Condition.Type.READY, DatabaseReadiness.class)
            .orElseThrow(() -> new IllegalStateException("no database readiness in the workflow"));
    Optional<AppReadiness> app =
        result.getDependentConditionResult(APP, Condition.Type.READY, AppReadiness.class);
    UpdateControl<TaskOverflow> control =
        StatusRecorder.patch(
                context.getClient(), resource, StatusAssembler.assemble(resource, database, app))
            .map(UpdateControl::patchStatus)
            .orElseGet(UpdateControl::noUpdate);
    // AWS sends no event when permissions, quotas or a subnet group are fixed: look again.
    return DatabaseProvisioner.of(resource).needsRecheck() && !database.ready()
        ? control.rescheduleAfter(recheck)
        : control;
  }

  /** The workflow deletes or lets go of the RDS instance; this reports how far it has come. */
  @Override
  public DeleteControl cleanup(TaskOverflow resource, Context<TaskOverflow> context) {
    Optional<String> problem = resource.specProblem();
    if (problem.isPresent()) {
      InvalidSpecs.releaseWithoutCleanup(resource, context, problem.get());
      return DeleteControl.defaultDelete();
    }
    Optional<RdsObservation> seen =
        context
            .managedWorkflowAndDependentResourceContext()
            .cleanupManageWorkflow()
            .getDependentConditionResult(
                RdsInstanceDependent.NAME, Condition.Type.DELETE, RdsObservation.class);
    if (!(seen.orElse(null) instanceof RdsObservation.Deleting deleting)) {
      return DeleteControl.defaultDelete();
    }
    // JOSDK's DeleteControl carries no status: written here, by the same recorder.
    StatusRecorder.patch(
            context.getClient(), resource, StatusAssembler.deleting(resource, deleting))
        .ifPresent(patch -> context.getClient().resource(patch).patchStatus());
    // Often enough that the deletion deadline (under a minute) is met, whatever recheck is.
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(recheck.compareTo(DELETION_RECHECK) < 0 ? recheck : DELETION_RECHECK);
  }

  @Override
  public ErrorStatusUpdateControl<TaskOverflow> updateErrorStatus(
      TaskOverflow resource, Context<TaskOverflow> context, Exception e) {
    ReconcileFailure failure = ReconcileFailure.of(e, APP_DEPENDENTS);
    return StatusRecorder.patch(
            context.getClient(), resource, StatusAssembler.failed(resource, failure))
        .map(ErrorStatusUpdateControl::patchStatus)
        .orElseGet(ErrorStatusUpdateControl::defaultErrorProcessing);
  }
}
