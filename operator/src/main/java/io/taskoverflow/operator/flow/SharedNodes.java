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
import io.taskoverflow.operator.network.AppNetworkPolicyDependent;
import io.taskoverflow.operator.network.NetworkPoliciesEnabled;

/**
 * The nodes every mode has: the connection Secret and the todo service's Deployment, Service,
 * Ingress and NetworkPolicy. One instance of each serves the three flows, so each kind of object
 * has one informer.
 *
 * @param networkPolicies the precondition of every NetworkPolicy node, the app's and PostgreSQL's
 */
record SharedNodes(
    ConnectionSecretDependent connection,
    AppDeploymentDependent deployment,
    AppServiceDependent service,
    AppIngressDependent ingress,
    AppNetworkPolicyDependent networkPolicy,
    NetworkPoliciesEnabled networkPolicies) {

  /**
   * Adds the todo service: the Deployment once {@code waitsOn} is ready (ready itself when every
   * replica is), its NetworkPolicy at the same step (where the database is is known by then) while
   * the operator makes policies, the Service at once, the Ingress while the spec asks for one.
   */
  WorkflowBuilder<TaskOverflow> addTodoService(
      WorkflowBuilder<TaskOverflow> flow, DependentResource<?, TaskOverflow> waitsOn) {
    return flow.addDependentResourceAndConfigure(deployment)
        .dependsOn(waitsOn)
        .withReadyPostcondition(new AppReadyCondition())
        .addDependentResourceAndConfigure(networkPolicy)
        .dependsOn(waitsOn)
        .withReconcilePrecondition(networkPolicies)
        .addDependentResourceAndConfigure(ingress)
        .withReconcilePrecondition(new IngressRequested())
        .addDependentResource(service);
  }
}
