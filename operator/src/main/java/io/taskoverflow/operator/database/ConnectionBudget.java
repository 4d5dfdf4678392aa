package io.taskoverflow.operator.database;

import io.taskoverflow.crd.TaskOverflow;

/**
 * The database's connection limit, shared by every todo pod: each pod's pool gets an equal part of
 * it, counting the pods a rollout adds, so that the pods never open more connections than the
 * server accepts. A few stay free for an admin's or a migration tool's sessions.
 */
public record ConnectionBudget(int maxConnections) {

  /** Connections no todo pod takes. */
  public static final int RESERVED = 5;

  /** Beyond this a pod gains nothing: its requests take milliseconds. */
  public static final int MAX_POOL = 10;

  /** The rollout's extra pods, as a share of the replicas (the Deployment's maxSurge). */
  public static final String MAX_SURGE = "25%";

  /** The spec's limit, or the default of the resource's database ({@code provisioner}). */
  public static ConnectionBudget of(TaskOverflow resource, DatabaseProvisioner provisioner) {
    Integer limit = resource.getSpec().database().maxConnections();
    return new ConnectionBudget(limit != null ? limit : provisioner.defaultMaxConnections());
  }

  /** The pool size of each of {@code replicas} pods; at least 1, which admission guarantees. */
  public int poolSize(int replicas) {
    int pods = replicas + surge(replicas);
    int share = (maxConnections - RESERVED) / Math.max(pods, 1);
    return Math.max(1, Math.min(MAX_POOL, share));
  }

  /** maxSurge 25 % of the replicas, rounded up as the Deployment controller rounds it. */
  static int surge(int replicas) {
    return (replicas + 3) / 4;
  }
}
