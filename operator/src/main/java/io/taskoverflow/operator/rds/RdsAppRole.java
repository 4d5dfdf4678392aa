package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseConnection;
import java.util.Optional;

/**
 * The role the todo pods log in as on a resource's RDS instance: set up, with the connection the
 * Secret is to hold, or not (yet), and why. {@link RdsAppRoleDependent} leaves it in the
 * reconcile's context for {@link RdsDatabase}.
 */
public sealed interface RdsAppRole {

  /** The role exists with this connection's password and owns its database. */
  record InPlace(DatabaseConnection connection) implements RdsAppRole {}

  /**
   * Not set up.
   *
   * @param actionRequired only a change by someone (a CA bundle, a right of the master user)
   *     removes it
   */
  record Missing(String reason, String message, boolean actionRequired) implements RdsAppRole {

    static Missing of(RdsObservation.Blocked blocked) {
      return new Missing(blocked.reason(), blocked.message(), blocked.actionRequired());
    }
  }

  default void store(Context<TaskOverflow> context) {
    context.managedWorkflowAndDependentResourceContext().put(RdsAppRole.class.getName(), this);
  }

  static Optional<RdsAppRole> from(Context<TaskOverflow> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(RdsAppRole.class.getName(), RdsAppRole.class);
  }

  /** The connection, once the role is in place. */
  default Optional<DatabaseConnection> usableConnection() {
    return this instanceof InPlace inPlace ? Optional.of(inPlace.connection()) : Optional.empty();
  }
}
