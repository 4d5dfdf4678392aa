package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Pod Security "restricted" for every pod of a namespace, as the API server judges it. */
final class PodSecurity {

  private PodSecurity() {}

  /**
   * Every pod in the namespace runs; the API server finds none of them in breach of "restricted"
   * when asked to re-check them (a dry-run change of the enforced version does that, answering with
   * warnings, as {@code kubectl label --dry-run=server} shows them); no controller is short of
   * ready replicas (a pod the API server refused never exists); the namespace enforces restricted.
   * Returns the number of pods.
   */
  static int assertRestricted(KubernetesClient client, String namespace, String what) {
    List<String> warnings = dryRunWarnings(client, namespace);
    assertThat(warnings).as("%s: pods break Pod Security restricted", what).isEmpty();
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    assertThat(pods)
        .as("%s: pods not running", what)
        .allSatisfy(
            pod ->
                assertThat(pod.getStatus().getPhase())
                    .as(pod.getMetadata().getName())
                    .isEqualTo("Running"));
    List<String> short_ =
        Stream.concat(
                client.apps().deployments().inNamespace(namespace).list().getItems().stream()
                    .filter(
                        d ->
                            !Objects.equals(
                                d.getSpec().getReplicas(),
                                Workloads.count(d.getStatus().getReadyReplicas())))
                    .map(d -> "deployment/" + d.getMetadata().getName()),
                client.apps().statefulSets().inNamespace(namespace).list().getItems().stream()
                    .filter(
                        s ->
                            !Objects.equals(
                                s.getSpec().getReplicas(),
                                Workloads.count(s.getStatus().getReadyReplicas())))
                    .map(s -> "statefulset/" + s.getMetadata().getName()))
            .toList();
    assertThat(short_).as("%s: controllers short of ready replicas", what).isEmpty();
    assertThat(
            client
                .namespaces()
                .withName(namespace)
                .get()
                .getMetadata()
                .getLabels()
                .get("pod-security.kubernetes.io/enforce"))
        .as("%s: namespace %s does not enforce restricted", what, namespace)
        .isEqualTo("restricted");
    return pods.size();
  }

  /** The warnings of a server-side dry run that sets the enforced version to v1.34. */
  private static List<String> dryRunWarnings(KubernetesClient client, String namespace) {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Interceptor collector =
        new Interceptor() {
          @Override
          public void after(
              HttpRequest request,
              HttpResponse<?> response,
              AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            warnings.addAll(response.headers("Warning"));
          }
        };
    Config config = client.getConfiguration();
    try (KubernetesClient warned =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientBuilderConsumer(
                builder -> builder.addOrReplaceInterceptor("warnings", collector))
            .build()) {
      warned
          .namespaces()
          .withName(namespace)
          .dryRun()
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"pod-security.kubernetes.io/enforce-version\":\"v1.34\"}}}");
    }
    return warnings;
  }
}
