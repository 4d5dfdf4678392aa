package io.taskoverflow.crd.spec;

/** What happens to the in-cluster PostgreSQL's data volume when its TaskOverflow is deleted. */
public enum InClusterDeletionPolicy {
  /** Keep the volume (default): a TaskOverflow of the same name finds its todos again. */
  Retain,
  /** Delete the volume with the resource: its todos are gone. */
  Delete
}
