package io.taskoverflow.operator.database;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.support.Sha256;
import java.util.Map;
import java.util.TreeMap;

/**
 * A short hash of the connection Secret's data, put in the pod templates that read the Secret: new
 * credentials or a new endpoint roll those pods, which read environment variables only at start.
 */
public final class ConnectionHash {

  /** The pod template annotation that holds it. */
  public static final String ANNOTATION = "taskoverflow.io/connection-hash";

  private ConnectionHash() {}

  public static String of(Context<TaskOverflow> context) {
    Map<String, String> data =
        context
            .getSecondaryResource(Secret.class, ConnectionSecretDependent.NAME)
            .map(Secret::getData)
            .orElse(Map.of());
    StringBuilder keysAndValues = new StringBuilder();
    new TreeMap<>(data)
        .forEach((key, value) -> keysAndValues.append(key).append('\0').append(value).append('\0'));
    return Sha256.hex(keysAndValues.toString()).substring(0, 16);
  }
}
