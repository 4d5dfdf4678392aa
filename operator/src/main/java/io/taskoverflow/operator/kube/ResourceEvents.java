package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.TaskOverflowApi;
import io.taskoverflow.crd.status.Phase;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a resource, for {@code kubectl describe}: one each time its phase changes,
 * and one for each request to AWS that changes its RDS instance.
 */
public final class ResourceEvents {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceEvents.class);

  private ResourceEvents() {}

  public static void phase(
      KubernetesClient client, TaskOverflow resource, Phase phase, String message) {
    record(
        client,
        resource,
        phase == Phase.Failed || phase == Phase.Degraded ? "Warning" : "Normal",
        phase.name(),
        message);
  }

  /**
   * An Event of type Normal or Warning with a CamelCase reason. Never put a secret in the message.
   */
  public static void record(
      KubernetesClient client, TaskOverflow resource, String type, String reason, String message) {
    var metadata = resource.getMetadata();
    String now = Instant.now().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(metadata.getName() + "-")
            .withNamespace(metadata.getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(TaskOverflowApi.API_VERSION)
                    .withKind(TaskOverflowApi.KIND)
                    .withName(metadata.getName())
                    .withNamespace(metadata.getNamespace())
                    .withUid(metadata.getUid())
                    .withResourceVersion(metadata.getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent("taskoverflow-operator")
            .endSource()
            .build();
    try {
      client.v1().events().inNamespace(metadata.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy; failing to write one must not fail the reconcile.
      LOG.warn(
          "could not record event on {}/{}: {}",
          metadata.getNamespace(),
          metadata.getName(),
          e.getMessage());
    }
  }
}
