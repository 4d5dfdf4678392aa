package io.taskoverflow.operator.app;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.taskoverflow.crd.TaskOverflow;

/** Reconcile precondition of the Ingress: it exists only while the spec asks for one. */
public class IngressRequested implements Condition<Object, TaskOverflow> {

  @Override
  public boolean isMet(
      DependentResource<Object, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    return resource.getSpec().ingress() != null;
  }
}
