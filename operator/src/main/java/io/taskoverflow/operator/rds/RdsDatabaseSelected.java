package io.taskoverflow.operator.rds;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.DatabaseMode;

/**
 * Whether a resource's database is an RDS instance. Not a JOSDK activation condition: the RDS event
 * source is shared by all resources, and JOSDK stops an activation-conditioned event source
 * whenever one resource does not meet the condition. The RDS dependents ask it themselves.
 */
public final class RdsDatabaseSelected {

  private RdsDatabaseSelected() {}

  public static boolean test(TaskOverflow resource) {
    return resource.getSpec().database().mode() == DatabaseMode.RDS;
  }

  /** RDS with a password the operator generates (not an adopted instance's own). */
  public static boolean generatesPassword(TaskOverflow resource) {
    return test(resource) && resource.getSpec().database().rds().masterSecretRef() == null;
  }
}
