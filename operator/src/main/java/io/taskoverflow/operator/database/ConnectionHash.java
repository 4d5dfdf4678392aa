package io.taskoverflow.operator.database;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.SecretsHash;

/**
 * A short hash of the connection Secret's data, put in the todo pod template: new credentials or a
 * new endpoint roll the pods, which read environment variables only at start.
 */
public final class ConnectionHash {

  /** The pod template annotation that holds it. */
  public static final String ANNOTATION = "taskoverflow.io/connection-hash";

  private ConnectionHash() {}

  public static String of(Context<TaskOverflow> context) {
    return SecretsHash.of(context, ConnectionSecretDependent.NAME);
  }
}
