package io.taskoverflow.operator.status;

/** The conditions a TaskOverflow's status carries, in this order. */
public enum ConditionType {
  /** The database of the resource's mode can be used. */
  DatabaseReady,
  /** The todo service has its ready replicas. */
  AppReady,
  /** Both: the TaskOverflow serves. */
  Ready,
  /** The operator works toward the spec (kstatus: InProgress). */
  Reconciling,
  /** The operator cannot go on without a change by the user (kstatus: Failed). */
  Stalled
}
