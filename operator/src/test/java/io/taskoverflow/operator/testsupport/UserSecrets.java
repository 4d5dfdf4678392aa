package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Secrets a user makes: the URI for database mode External, RDS master credentials to adopt. */
public final class UserSecrets {

  private UserSecrets() {}

  /** Creates the Secret of mode External, or replaces its URI. */
  public static void databaseUri(KubernetesClient client, String ns, String name, String uri) {
    put(client, ns, name, Map.of("uri", uri));
  }

  /** Creates the Secret, or replaces its data. */
  public static void put(
      KubernetesClient client, String ns, String name, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withStringData(data)
                .build())
        .createOr(existing -> existing.update());
  }
}
