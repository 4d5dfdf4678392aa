package io.taskoverflow.operator.kube;

import io.taskoverflow.crd.TaskOverflow;

/** Names of the objects a TaskOverflow owns, derived from its own name (limited to 40 chars). */
public final class Names {

  private Names() {}

  /** The todo service: Deployment, Service, Ingress and NetworkPolicy. */
  public static String app(TaskOverflow resource) {
    return resource.getMetadata().getName();
  }

  /** The connection Secret the todo service reads; users may mount it in their own tools. */
  public static String connectionSecret(TaskOverflow resource) {
    return resource.getMetadata().getName() + "-db";
  }

  /**
   * The database's master (superuser) credentials that the operator generated, for its RDS instance
   * or its in-cluster PostgreSQL; no todo pod reads them.
   */
  public static String masterSecret(TaskOverflow resource) {
    return resource.getMetadata().getName() + "-db-master";
  }

  /** Where the master credentials of a retained RDS instance outlive the resource. */
  public static String retainedRdsMasterSecret(String instanceIdentifier) {
    return instanceIdentifier + "-master";
  }

  /** The in-cluster PostgreSQL: StatefulSet, its headless Service and its NetworkPolicy. */
  public static String postgres(TaskOverflow resource) {
    return resource.getMetadata().getName() + "-postgres";
  }

  /** The in-cluster PostgreSQL's certificate, key and client authentication rules. */
  public static String postgresTls(TaskOverflow resource) {
    return resource.getMetadata().getName() + "-postgres-tls";
  }
}
