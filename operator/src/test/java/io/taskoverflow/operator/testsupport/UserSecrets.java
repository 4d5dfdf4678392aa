package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** The Secret a user makes for database mode External: a URI under the key {@code uri}. */
public final class UserSecrets {

  private UserSecrets() {}

  /** Creates the Secret, or replaces its URI. */
  public static void databaseUri(KubernetesClient client, String ns, String name, String uri) {
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("uri", uri))
                .build())
        .createOr(existing -> existing.update());
  }
}
