package io.taskoverflow.crd.status;

/** The one-word summary of a TaskOverflow shown by {@code kubectl get}. */
public enum Phase {
  /** Accepted, nothing created yet. */
  Pending,
  /** The database or the app is being created or is not ready yet. */
  Provisioning,
  /** The database is ready and every app replica serves. */
  Ready,
  /** It was ready and is not any more (e.g. pods failing), or only partly serves. */
  Degraded,
  /** It cannot proceed without a change by the user; the conditions say why. */
  Failed,
  /** Deletion in progress (e.g. waiting for the final RDS snapshot). */
  Deleting
}
