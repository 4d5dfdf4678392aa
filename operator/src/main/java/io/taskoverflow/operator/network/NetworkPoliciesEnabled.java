package io.taskoverflow.operator.network;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.taskoverflow.crd.TaskOverflow;

/**
 * Reconcile precondition of the NetworkPolicies: met while the operator is set to make them ({@code
 * NETWORK_POLICIES}, the chart's {@code networkPolicies.enabled}). Unmet, JOSDK deletes the policy,
 * so turning the setting off removes those made before at each resource's next reconcile (every
 * resource is reconciled when the operator starts).
 */
public class NetworkPoliciesEnabled implements Condition<Object, TaskOverflow> {

  private final boolean enabled;

  public NetworkPoliciesEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public boolean isMet(
      DependentResource<Object, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    return enabled;
  }
}
