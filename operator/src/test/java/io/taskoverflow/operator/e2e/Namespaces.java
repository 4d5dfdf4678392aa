package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The namespaces of one scenario, each enforcing Pod Security {@code restricted} as the demo's
 * does; deleted when the scenario ends (waiting until they are gone, so that the next scenario has
 * the node to itself), unless {@code -Dtaskoverflow.e2e.keepNamespaces=true} keeps them for a look.
 */
public final class Namespaces implements AfterAllCallback {

  private static final Duration DELETION = Duration.ofMinutes(3);

  private final List<String> created = new ArrayList<>();
  private KubernetesClient client;

  /** Creates {@code <prefix>-<random>} enforcing Pod Security restricted; returns its name. */
  public synchronized String restricted(KubernetesClient client, String prefix) {
    this.client = client;
    String name = TestNamespaces.create(client, prefix);
    created.add(name);
    client
        .namespaces()
        .withName(name)
        .edit(
            namespace ->
                new NamespaceBuilder(namespace)
                    .editMetadata()
                    .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                    .endMetadata()
                    .build());
    return name;
  }

  /**
   * Creates {@code <prefix>-<random>} under the cluster's default Pod Security (privileged on
   * kind), for what the tests set up that a tenant could not (a pod on the node's network).
   */
  public synchronized String unrestricted(KubernetesClient client, String prefix) {
    this.client = client;
    String name = TestNamespaces.create(client, prefix);
    created.add(name);
    return name;
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (client == null || Boolean.getBoolean("taskoverflow.e2e.keepNamespaces")) {
      return;
    }
    for (String name : created) {
      client.namespaces().withName(name).delete();
    }
    try {
      Eventually.await(
          "namespaces " + created + " are deleted",
          DELETION,
          () ->
              created.stream().allMatch(name -> client.namespaces().withName(name).get() == null));
    } catch (AssertionError e) {
      KindCluster.note("%s (left to the namespace controller)", e.getMessage());
    }
    created.clear();
  }
}
