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
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.database.ExternalSecretEventSource;
import io.taskoverflow.operator.database.RdsDeletion;
import io.taskoverflow.operator.dependent.AppDeploymentDependent;
import io.taskoverflow.operator.dependent.AppIngressDependent;
import io.taskoverflow.operator.dependent.AppServiceDependent;
import io.taskoverflow.operator.dependent.ConnectionSecretDependent;
import io.taskoverflow.operator.dependent.PostgresServiceDependent;
import io.taskoverflow.operator.dependent.PostgresStatefulSetDependent;
import io.taskoverflow.operator.dependent.RdsInstanceDependent;
import io.taskoverflow.operator.dependent.RdsMasterSecretDependent;
import io.taskoverflow.operator.dependent.condition.AppReadiness;
import io.taskoverflow.operator.dependent.condition.AppReadyCondition;
import io.taskoverflow.operator.dependent.condition.DatabaseReadyCondition;
import io.taskoverflow.operator.dependent.condition.InClusterDatabaseSelected;
import io.taskoverflow.operator.dependent.condition.IngressRequested;
import io.taskoverflow.operator.dependent.condition.RdsInstanceGone;
import io.taskoverflow.operator.status.ResourceEvents;
import io.taskoverflow.operator.status.StatusAssembler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Declares what a TaskOverflow is made of and reports on it. The dependents decide every object;
 * this class only turns the workflow's result into status.
 *
 * <p>The connection Secret is reconciled in every mode. The database node after it (the in-cluster
 * PostgreSQL StatefulSet, which does nothing in other modes) becomes ready when the mode's database
 * is usable; the app hangs on it, so it waits for the database without being torn down when the
 * database has a bad moment. The StatefulSet comes after the Secret so that its pods start with the
 * Secret's credentials from the first. Mode-specific objects use reconcile preconditions, not
 * activation conditions: JOSDK registers and removes an activation condition's informer for the
 * whole controller, so resources of different modes would keep emptying each other's caches.
 *
 * <p>The RDS master Secret and instance come before the connection Secret, which is written from
 * what they found. They carry no precondition either: an unmet one would delete every node that
 * depends on them (the connection Secret and the app). In other modes they do nothing. The
 * instance's delete post-condition holds the finalizer until RDS no longer lists the instance;
 * meanwhile {@link #cleanup} reports.
 */
@Workflow(
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
      @Dependent(name = "app-service", type = AppServiceDependent.class),
      @Dependent(
          name = "ingress",
          type = AppIngressDependent.class,
          // A precondition, not an activation condition: dropping ingress from the spec deletes it.
          reconcilePrecondition = IngressRequested.class),
    })
@ControllerConfiguration(name = TaskOverflowReconciler.NAME)
public class TaskOverflowReconciler implements Reconciler<TaskOverflow>, Cleaner<TaskOverflow> {

  public static final String NAME = "taskoverflow";
  static final String DATABASE = "database";
  static final String APP = "app";

  /** How soon an RDS resource that is not ready, or not deleted yet, is looked at again. */
  private final Duration recheck;

  public TaskOverflowReconciler(Duration recheck) {
    this.recheck = recheck;
  }

  @Override
  public List<EventSource<?, TaskOverflow>> prepareEventSources(
      EventSourceContext<TaskOverflow> context) {
    return List.of(ExternalSecretEventSource.create(context));
  }

  @Override
  public UpdateControl<TaskOverflow> reconcile(
      TaskOverflow resource, Context<TaskOverflow> context) {
    var result = context.managedWorkflowAndDependentResourceContext().getWorkflowReconcileResult();
    DatabaseReadiness database =
        result
            .flatMap(
                r ->
                    r.getDependentConditionResult(
                        DATABASE, Condition.Type.READY, DatabaseReadiness.class))
            .orElseThrow(() -> new IllegalStateException("no database readiness in the workflow"));
    Optional<AppReadiness> app =
        result.flatMap(
            r -> r.getDependentConditionResult(APP, Condition.Type.READY, AppReadiness.class));
    UpdateControl<TaskOverflow> control =
        statusUpdate(resource, StatusAssembler.assemble(resource, database, app), context);
    // AWS sends no event when permissions, quotas or a subnet group are fixed: look again.
    return DatabaseProvisioner.of(resource).needsRecheck() && !database.ready()
        ? control.rescheduleAfter(recheck)
        : control;
  }

  /** The workflow deletes or lets go of the RDS instance; this reports how far it has come. */
  @Override
  public DeleteControl cleanup(TaskOverflow resource, Context<TaskOverflow> context) {
    Optional<RdsDeletion> deletion =
        context
            .managedWorkflowAndDependentResourceContext()
            .getWorkflowCleanupResult()
            .flatMap(
                r ->
                    r.getDependentConditionResult(
                        RdsInstanceDependent.NAME, Condition.Type.DELETE, RdsDeletion.class));
    if (deletion.isEmpty() || deletion.get().gone()) {
      return DeleteControl.defaultDelete();
    }
    TaskOverflowStatus status = StatusAssembler.deleting(resource, deletion.get());
    if (!status.equals(resource.getStatus())) {
      if (resource.getStatus() == null || resource.getStatus().phase() != status.phase()) {
        ResourceEvents.phase(
            context.getClient(), resource, status.phase(), deletion.get().message());
      }
      context.getClient().resource(withStatus(resource, status)).patchStatus();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck);
  }

  @Override
  public ErrorStatusUpdateControl<TaskOverflow> updateErrorStatus(
      TaskOverflow resource, Context<TaskOverflow> context, Exception e) {
    TaskOverflowStatus status = StatusAssembler.failed(resource, rootMessage(e));
    if (status.equals(resource.getStatus())) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    return ErrorStatusUpdateControl.patchStatus(withStatus(resource, status));
  }

  /** Writes status only when it changed, so a converged resource costs no API writes. */
  private static UpdateControl<TaskOverflow> statusUpdate(
      TaskOverflow resource, TaskOverflowStatus status, Context<TaskOverflow> context) {
    TaskOverflowStatus previous = resource.getStatus();
    if (status.equals(previous)) {
      return UpdateControl.noUpdate();
    }
    if (previous == null || previous.phase() != status.phase()) {
      String message =
          status.conditions().stream()
              .filter(condition -> "Ready".equals(condition.getType()))
              .map(io.fabric8.kubernetes.api.model.Condition::getMessage)
              .findFirst()
              .orElse("");
      ResourceEvents.phase(context.getClient(), resource, status.phase(), message);
    }
    return UpdateControl.patchStatus(withStatus(resource, status));
  }

  /** A fresh object with only identity and status: a status patch must not carry the spec. */
  private static TaskOverflow withStatus(TaskOverflow resource, TaskOverflowStatus status) {
    TaskOverflow fresh = new TaskOverflow();
    fresh.getMetadata().setName(resource.getMetadata().getName());
    fresh.getMetadata().setNamespace(resource.getMetadata().getNamespace());
    fresh.setStatus(status);
    return fresh;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
