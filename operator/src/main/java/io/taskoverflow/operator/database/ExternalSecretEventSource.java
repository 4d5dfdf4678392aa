package io.taskoverflow.operator.database;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.EventSources;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches the Secrets users name in {@code database.external.secretRef} and {@code
 * database.rds.masterSecretRef}, which the operator does not own: a Secret created or changed later
 * reconciles every resource that refers to it.
 */
public final class ExternalSecretEventSource {

  private static final String INDEX = "external-database-secret";

  private ExternalSecretEventSource() {}

  public static InformerEventSource<Secret, TaskOverflow> create(
      EventSourceContext<TaskOverflow> context) {
    context.getPrimaryCache().addIndexer(INDEX, ExternalSecretEventSource::indexKeys);
    var configuration =
        InformerEventSourceConfiguration.from(Secret.class, TaskOverflow.class)
            .withName(EventSources.USER_SECRETS)
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            INDEX,
                            key(
                                secret.getMetadata().getNamespace(),
                                secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (TaskOverflow resource) ->
                    referencedSecret(resource)
                        .map(
                            name ->
                                Set.of(new ResourceID(name, resource.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  private static List<String> indexKeys(TaskOverflow resource) {
    return referencedSecret(resource)
        .map(name -> List.of(key(resource.getMetadata().getNamespace(), name)))
        .orElse(List.of());
  }

  private static java.util.Optional<String> referencedSecret(TaskOverflow resource) {
    if (resource.getSpec() == null || resource.getSpec().database() == null) {
      return java.util.Optional.empty();
    }
    return DatabaseProvisioner.of(resource).userSecret(resource);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
