package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/** Waiting for an object the operator or a controller creates, by kind and name. */
public final class Await {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Await() {}

  /** The object once it exists: the operator writes it asynchronously. */
  public static <T extends HasMetadata> T await(
      KubernetesClient client, String ns, Class<T> type, String name) {
    Eventually.await(
        type.getSimpleName() + " " + name + " exists",
        TIMEOUT,
        () -> client.resources(type).inNamespace(ns).withName(name).get() != null);
    return client.resources(type).inNamespace(ns).withName(name).get();
  }
}
