package io.taskoverflow.operator.dependent.condition;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.RdsDatabase;

/**
 * Whether a resource's database is an RDS instance. Not a JOSDK activation condition: the RDS event
 * source is shared by all resources, and JOSDK stops an activation-conditioned event source
 * whenever one resource does not meet the condition. The RDS dependents ask it themselves.
 */
public final class RdsDatabaseSelected {

  private RdsDatabaseSelected() {}

  public static boolean test(TaskOverflow resource) {
    return DatabaseProvisioner.of(resource) instanceof RdsDatabase;
  }

  /** RDS with a password the operator generates (not an adopted instance's own). */
  public static boolean generatesPassword(TaskOverflow resource) {
    return test(resource) && resource.getSpec().database().rds().masterSecretRef() == null;
  }
}
