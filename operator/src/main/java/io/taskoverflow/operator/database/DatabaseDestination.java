package io.taskoverflow.operator.database;

import java.util.Map;

/**
 * Where the todo pods connect to reach their database, as their egress NetworkPolicy names it: pods
 * of their own namespace, or a server outside the cluster, which no selector can name.
 */
public sealed interface DatabaseDestination {

  /** The TCP port the database listens on. */
  int port();

  /** The pods with these labels in the resource's namespace (the in-cluster PostgreSQL). */
  record Pods(Map<String, String> labels, int port) implements DatabaseDestination {

    public Pods {
      labels = Map.copyOf(labels);
    }
  }

  /** Any address on the port: an RDS instance or a server the user names. */
  record AnyAddress(int port) implements DatabaseDestination {}
}
