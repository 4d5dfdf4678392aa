package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.taskoverflow.crd.TaskOverflowApi;
import java.time.Duration;

/**
 * The TaskOverflow kind without the Java model, for tests that send plain YAML maps as {@code
 * kubectl} does.
 */
public final class GenericTaskOverflows {

  public static final ResourceDefinitionContext TASK_OVERFLOWS =
      new ResourceDefinitionContext.Builder()
          .withGroup(TaskOverflowApi.GROUP)
          .withVersion(TaskOverflowApi.VERSION)
          .withKind(TaskOverflowApi.KIND)
          .withPlural(TaskOverflowApi.PLURAL)
          .withNamespaced(true)
          .build();

  private GenericTaskOverflows() {}

  /** Established can come a moment before the server serves the new kind; wait until it does. */
  public static void awaitServed(KubernetesClient client, String ns) {
    Eventually.await(
        "the API server serves " + TaskOverflowApi.PLURAL,
        Duration.ofSeconds(30),
        () -> {
          try {
            client.genericKubernetesResources(TASK_OVERFLOWS).inNamespace(ns).list();
            return true;
          } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
              return false;
            }
            throw e;
          }
        });
  }
}
