package io.taskoverflow.crd.spec;

/** Where the database comes from. */
public enum DatabaseMode {
  /** A PostgreSQL StatefulSet run by the operator in the same namespace (kind, development). */
  InCluster,
  /** An AWS RDS PostgreSQL instance created and managed by the operator (EKS). */
  RDS,
  /** An existing PostgreSQL server, given as a URI in a Secret. */
  External
}
