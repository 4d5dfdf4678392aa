package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import java.util.Optional;

/** Names of the event sources that several parts of the operator read from. */
public final class EventSources {

  /**
   * The Secrets users name in a TaskOverflow ({@code database.external.secretRef}, {@code
   * database.rds.masterSecretRef}), which the operator reads but does not own.
   */
  public static final String USER_SECRETS = "external-database-secret";

  private EventSources() {}

  /**
   * The user's Secret the resource refers to, as the event source last read it (by name: the
   * operator holds no other Secret of the user's).
   */
  public static Optional<Secret> userSecret(Context<TaskOverflow> context) {
    return context.getSecondaryResource(Secret.class, USER_SECRETS);
  }
}
