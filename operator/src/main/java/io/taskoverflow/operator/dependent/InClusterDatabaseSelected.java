package io.taskoverflow.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.InClusterDatabase;

/** Reconcile precondition of the in-cluster PostgreSQL objects (the mode cannot change). */
public class InClusterDatabaseSelected implements Condition<Object, TaskOverflow> {

  @Override
  public boolean isMet(
      DependentResource<Object, TaskOverflow> dependent,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    return test(resource);
  }

  public static boolean test(TaskOverflow resource) {
    return DatabaseProvisioner.of(resource) instanceof InClusterDatabase;
  }
}
