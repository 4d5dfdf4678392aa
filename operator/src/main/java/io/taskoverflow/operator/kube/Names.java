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

  /** The master credentials the operator generated for the resource's RDS instance. */
  public static String rdsMasterSecret(TaskOverflow resource) {
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
}
