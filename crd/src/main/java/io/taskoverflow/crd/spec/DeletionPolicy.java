package io.taskoverflow.crd.spec;

/** What happens to an RDS instance when its TaskOverflow is deleted. */
public enum DeletionPolicy {
  /** Delete the instance without a final snapshot: its data is gone. */
  Delete,
  /** Take a final snapshot, then delete the instance (default: nothing is lost). */
  Snapshot,
  /** Leave the instance running; it is no longer managed. */
  Retain
}
