package io.taskoverflow.operator.bench;

/**
 * What happens to each TaskOverflow of the benchmark, in order; each is timed once, when first
 * seen.
 */
enum Milestone {
  /** The API server answered the create. */
  CREATED,
  /** The driver's watch saw the operator's PostgreSQL StatefulSet. */
  POSTGRES_CREATED,
  /** The driver wrote the StatefulSet status a ready pod would give it. */
  POSTGRES_READY,
  /** The driver's watch saw the operator's app Deployment. */
  APP_CREATED,
  /** The driver wrote the Deployment status ready replicas would give it. */
  APP_READY,
  /** The driver's watch saw phase Ready in the TaskOverflow's status. */
  READY
}
