package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.UUID;

/** Test classes share one API server, so each test works in a namespace of its own. */
public final class TestNamespaces {

  private TestNamespaces() {}

  /** Creates a namespace named {@code <prefix>-<random>} and returns its name. */
  public static String create(KubernetesClient client, String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }
}
