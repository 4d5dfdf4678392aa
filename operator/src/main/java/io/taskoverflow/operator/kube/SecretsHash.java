package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.support.Sha256;
import java.util.Map;
import java.util.TreeMap;

/**
 * A short hash of the data of some of a resource's Secrets, put in the pod templates that read
 * them: pods read environment variables (and PostgreSQL its certificate) only at start, so a change
 * of the data rolls them.
 */
public final class SecretsHash {

  private SecretsHash() {}

  /** Over the Secrets of these event sources, in this order; a missing one counts as empty. */
  public static String of(Context<TaskOverflow> context, String... eventSources) {
    StringBuilder keysAndValues = new StringBuilder();
    for (String eventSource : eventSources) {
      Map<String, String> data =
          context
              .getSecondaryResource(Secret.class, eventSource)
              .map(Secret::getData)
              .orElse(Map.of());
      new TreeMap<>(data)
          .forEach(
              (key, value) -> keysAndValues.append(key).append('\0').append(value).append('\0'));
      keysAndValues.append('\1');
    }
    return Sha256.hex(keysAndValues.toString()).substring(0, 16);
  }
}
