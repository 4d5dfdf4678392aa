package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;

/**
 * The configuration of a dependent the flows build themselves (JOSDK reads no annotation on those):
 * its informer caches only the objects {@code labelSelector} selects, in the controller's
 * namespaces, and it creates its object only where none exists, so an object of the same name that
 * a user made is refused with a conflict and left as it is.
 */
public final class DependentConfig {

  private DependentConfig() {}

  public static <R extends HasMetadata> KubernetesDependentResourceConfig<R> owned(
      Class<R> type, String labelSelector) {
    return new KubernetesDependentResourceConfigBuilder<R>()
        .withCreateResourceOnlyIfNotExistingWithSSA(true)
        .withKubernetesDependentInformerConfig(
            InformerConfiguration.builder(type).withLabelSelector(labelSelector).build())
        .build();
  }
}
