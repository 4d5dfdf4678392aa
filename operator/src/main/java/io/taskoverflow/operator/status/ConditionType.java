package io.taskoverflow.operator.status;

/** The conditions a TaskOverflow's status carries, in this order. */
public enum ConditionType {
  /** The database of the resource's mode can be used. */
  DatabaseReady,
  /** The todo service has its ready replicas. */
  AppReady,
  /** Both: the TaskOverflow serves. */
  Ready
}
