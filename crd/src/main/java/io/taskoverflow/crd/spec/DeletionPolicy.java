package io.taskoverflow.crd.spec;

/** What happens to an RDS instance when its TaskOverflow is deleted. */
public enum DeletionPolicy {
  /**
   * Delete the instance: one the operator created without a final snapshot (its data is gone), an
   * adopted one after a final snapshot unless {@code skipFinalSnapshot} says otherwise.
   */
  Delete,
  /** Take a final snapshot, then delete the instance (default: nothing is lost). */
  Snapshot,
  /** Leave the instance running; it is no longer managed. */
  Retain
}
