package io.taskoverflow.operator.app;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.DetailedCondition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.OwnedPods;
import io.taskoverflow.operator.kube.PodTrouble;
import java.util.Objects;
import java.util.Optional;

/**
 * Ready post-condition of the todo Deployment: every desired replica of the current spec ready.
 * Until then its detail (the AppReady condition) names what holds a todo pod back, when one is
 * stuck.
 */
public class AppReadyCondition
    implements DetailedCondition<Deployment, TaskOverflow, AppReadiness> {

  @Override
  public Result<AppReadiness> detailedIsMet(
      DependentResource<Deployment, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    int desired = resource.getSpec().replicas();
    AppReadiness replicas =
        dependent
            .getSecondaryResource(resource, context)
            .map(deployment -> readiness(deployment, desired))
            .orElse(new AppReadiness(false, "Creating", "creating the Deployment", desired, 0));
    AppReadiness readiness =
        replicas.ready()
            ? replicas
            : PodTrouble.find(
                    OwnedPods.of(context, AppDeploymentDependent.COMPONENT), Optional.empty())
                .map(trouble -> replicas.because(trouble.reason(), trouble.message()))
                .orElse(replicas);
    return Result.withResult(readiness.ready(), readiness);
  }

  private static AppReadiness readiness(Deployment deployment, int desired) {
    DeploymentStatus status =
        Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
    int ready = status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    boolean current =
        status.getObservedGeneration() != null
            && status.getObservedGeneration() >= deployment.getMetadata().getGeneration();
    if (current && ready >= desired && updated >= desired) {
      return new AppReadiness(
          true, "ReplicasReady", ready + "/" + desired + " replicas ready", desired, ready);
    }
    String message =
        current
            ? ready + "/" + desired + " replicas ready, " + updated + " up to date"
            : "waiting for the Deployment controller to observe the latest spec";
    return new AppReadiness(false, "ReplicasNotReady", message, desired, ready);
  }
}
