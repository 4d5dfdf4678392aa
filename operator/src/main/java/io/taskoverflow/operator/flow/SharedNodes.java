package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.app.AppDeploymentDependent;
import io.taskoverflow.operator.app.AppIngressDependent;
import io.taskoverflow.operator.app.AppReadyCondition;
import io.taskoverflow.operator.app.AppServiceDependent;
import io.taskoverflow.operator.app.IngressRequested;
import io.taskoverflow.operator.database.ConnectionSecretDependent;

/**
 * The nodes every mode has: the connection Secret and the todo service's Deployment, Service and
 * Ingress. One instance of each serves the three flows, so each kind of object has one informer.
 */
record SharedNodes(
    ConnectionSecretDependent connection,
    AppDeploymentDependent deployment,
    AppServiceDependent service,
    AppIngressDependent ingress) {

  /**
   * Adds the todo service: the Deployment once {@code waitsOn} is ready (ready itself when every
   * replica is), the Service at once, the Ingress while the spec asks for one.
   */
  WorkflowBuilder<TaskOverflow> addTodoService(
      WorkflowBuilder<TaskOverflow> flow, DependentResource<?, TaskOverflow> waitsOn) {
    return flow.addDependentResourceAndConfigure(deployment)
        .dependsOn(waitsOn)
        .withReadyPostcondition(new AppReadyCondition())
        .addDependentResourceAndConfigure(ingress)
        .withReconcilePrecondition(new IngressRequested())
        .addDependentResource(service);
  }
}
