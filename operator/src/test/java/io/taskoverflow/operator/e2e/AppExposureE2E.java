package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ways to open the page, on the cluster with the chart as installed: an Ingress gets the
 * annotations of the chart's allowlist, one not listed is refused at admission, and a Service of
 * type LoadBalancer still serves the todos through its cluster address while no load balancer
 * controller gives it an external one (kind has none), its URL staying the in-cluster one.
 */
@ExtendWith(KindCluster.class)
class AppExposureE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  private static final Duration WITHIN = Duration.ofMinutes(2);

  /** An External database whose Secret is not there: the Ingress is made, and no pod runs. */
  private static final String NO_DATABASE_YET =
      "database:\n  mode: External\n  external:\n    secretRef: {name: not-yet}\n";

  @Test
  void anIngressCarriesTheAnnotationsOfTheAllowlist(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-ingress");
    TaskOverflows.create(
        client,
        namespace,
        "alb",
        """
        ingress:
          host: todo.example.com
          className: alb
          annotations:
            alb.ingress.kubernetes.io/scheme: internet-facing
            alb.ingress.kubernetes.io/target-type: ip
        """
            + NO_DATABASE_YET);

    Map<String, String> expected =
        Map.of(
            "alb.ingress.kubernetes.io/scheme", "internet-facing",
            "alb.ingress.kubernetes.io/target-type", "ip");
    Eventually.await(
        "ingress/alb carries " + expected,
        WITHIN,
        () -> {
          Ingress ingress =
              client.network().v1().ingresses().inNamespace(namespace).withName("alb").get();
          return ingress != null && expected.equals(ownAnnotations(ingress.getMetadata()));
        });
  }

  @Test
  void anAnnotationNotAllowedIsRefusedAtAdmissionNamingTheField(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-snippet");

    assertThatThrownBy(
            () ->
                TaskOverflows.create(
                    client,
                    namespace,
                    "snippet",
                    "ingress:\n  host: todo.example.com\n  annotations:\n"
                        + "    nginx.ingress.kubernetes.io/server-snippet: 'return 302 /;'\n"
                        + NO_DATABASE_YET))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
              assertThat(e.getStatus().getMessage())
                  .contains(KindCluster.RELEASE + "-annotation-limits")
                  .contains(
                      "spec.ingress.annotations: nginx.ingress.kubernetes.io/server-snippet is"
                          + " not allowed (allowed: ");
            });
    assertThat(TaskOverflows.of(client, namespace, "snippet").get()).isNull();
  }

  @Test
  void aLoadBalancerServiceServesThroughItsClusterAddressWhileNoExternalOneIsGiven(
      KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-lb");
    TaskOverflows.create(
        client,
        namespace,
        "demo",
        """
        replicas: 1
        service:
          type: LoadBalancer
          port: 80
          loadBalancerSourceRanges: [203.0.113.7/32]
        """);
    Workloads.awaitReady(client, namespace, "demo");

    Service service = client.services().inNamespace(namespace).withName("demo").get();
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getLoadBalancerSourceRanges()).containsExactly("203.0.113.7/32");
    Optional<String> external = externalAddress(service);
    KindCluster.note(
        "service/demo of type LoadBalancer: external address %s",
        external.orElse("pending (no load balancer controller)"));
    String url =
        external
            .map(address -> "http://" + address + "/")
            .orElse("http://demo." + namespace + ".svc/");
    TaskOverflow resource = TaskOverflows.of(client, namespace, "demo").get();
    assertThat(resource.getStatus().app().url()).isEqualTo(url);

    // A client in the cluster: a pod of the namespace, by the Service's name (its cluster IP).
    String probe = Connections.probe(client, namespace, OperatorRelease.todoImage(client));
    String host = "demo." + namespace + ".svc";
    String[] answer = {""};
    try {
      Eventually.await(
          "GET http://" + host + "/api/v1/todos from a pod of " + namespace + " answers 200",
          WITHIN,
          () ->
              (answer[0] = Connections.httpGet(client, namespace, probe, host, 80, "/api/v1/todos"))
                  .matches("(?s)HTTP/1\\.[01] 200 .*\\[.*"));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last answer: " + answer[0], e);
    }
  }

  /** The annotations the operator was given, without those of its framework. */
  private static Map<String, String> ownAnnotations(ObjectMeta metadata) {
    Map<String, String> annotations = new TreeMap<>(metadata.getAnnotations());
    annotations.keySet().removeIf(key -> key.startsWith("javaoperatorsdk.io/"));
    return annotations;
  }

  private static Optional<String> externalAddress(Service service) {
    if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null) {
      return Optional.empty();
    }
    return service.getStatus().getLoadBalancer().getIngress().stream()
        .findFirst()
        .map(
            (LoadBalancerIngress ingress) ->
                ingress.getHostname() != null ? ingress.getHostname() : ingress.getIp());
  }
}
