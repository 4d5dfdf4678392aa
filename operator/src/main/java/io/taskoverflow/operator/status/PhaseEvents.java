package io.taskoverflow.operator.status;

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

/** A Kubernetes Event on the resource each time its phase changes, for {@code kubectl describe}. */
public final class PhaseEvents {

  private static final Logger LOG = LoggerFactory.getLogger(PhaseEvents.class);

  private PhaseEvents() {}

  public static void record(
      KubernetesClient client, TaskOverflow resource, Phase phase, String message) {
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
            .withType(phase == Phase.Failed || phase == Phase.Degraded ? "Warning" : "Normal")
            .withReason(phase.name())
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
