package io.taskoverflow.operator.kube;

/**
 * The reasons of the Events the operator records on a TaskOverflow, besides its phase changes
 * (whose reason is the phase's name).
 */
public enum EventReason {
  CreatingInstance,
  AdoptedInstance,
  /** An adoption's consent tag that outlived it (the operator stopped in between) was removed. */
  AdoptionConsentRemoved,
  ModifyingInstance,
  MasterPasswordReset,
  DeletingInstance,
  RetainedInstance,
  /** Deleted before its RDS instance was: the instance keeps running until deleted in AWS. */
  InstanceLeftBehind,
  /** The spec cannot be read or lacks a required value: nothing is reconciled until it is fixed. */
  InvalidSpec,
  /** Deleted while its spec could not be read: an RDS instance it may have had was not deleted. */
  InstanceNotDeleted
}
