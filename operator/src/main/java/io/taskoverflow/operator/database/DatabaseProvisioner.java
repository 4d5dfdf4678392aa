package io.taskoverflow.operator.database;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import java.util.Map;
import java.util.Optional;

/**
 * How the database of one mode is provided: whether it can be used, what the connection Secret
 * holds, and which Secret of the user's it reads. Each mode's flow names its provisioner
 * (io.taskoverflow.operator.flow), and the shared dependents ask the flow of a resource for it.
 */
public interface DatabaseProvisioner {

  /** Whether the database can be used now, for the DatabaseReady condition. */
  DatabaseReadiness readiness(TaskOverflow resource, Context<TaskOverflow> context);

  /**
   * The data of the connection Secret {@code <name>-db}; {@code current} is what it holds now (a
   * generated password must outlive every reconcile).
   */
  Map<String, String> connectionData(
      TaskOverflow resource, Context<TaskOverflow> context, Map<String, String> current);

  /**
   * Where the todo pods connect to their database, which their NetworkPolicy lets them reach.
   * Unless the mode says otherwise, a server outside the cluster: any address, on the port its
   * readiness names (PostgreSQL's own while it names none yet). Asked after the mode's database
   * node, so a changed port is followed at the reconcile that sees it.
   */
  default DatabaseDestination destination(TaskOverflow resource, Context<TaskOverflow> context) {
    Integer port = readiness(resource, context).port();
    return new DatabaseDestination.AnyAddress(
        port == null ? DatabaseConnection.DEFAULT_PORT : port);
  }

  /** The Secret of the user's that the database needs, if any (watched for changes). */
  Optional<String> userSecret(TaskOverflow resource);

  /** The database's connection limit when the spec names none. */
  int defaultMaxConnections();

  /**
   * How soon a database which is not ready must be looked at again because nothing announces that
   * it has become usable; empty when an event will (a pod, a Secret).
   */
  default Optional<Recheck> recheck(DatabaseReadiness database) {
    return Optional.empty();
  }

  /**
   * Whether the app starts together with the database: its flow deploys the app without waiting for
   * the database, which is right where the database's address is fixed before its server runs and
   * it takes seconds to come up. Each todo pod then waits longer for the database at startup, and
   * its probes hold it back until then.
   */
  default boolean appStartsWithDatabase() {
    return false;
  }
}
