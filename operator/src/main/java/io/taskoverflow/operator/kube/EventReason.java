package io.taskoverflow.operator.kube;

/**
 * The reasons of the Events the operator records on a TaskOverflow, besides its phase changes
 * (whose reason is the phase's name).
 */
public enum EventReason {
  CreatingInstance,
  AdoptedInstance,
  ModifyingInstance,
  MasterPasswordReset,
  DeletingInstance,
  RetainedInstance,
  InstanceLeftBehind
}
