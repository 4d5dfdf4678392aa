package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static io.taskoverflow.operator.testsupport.TaskOverflows.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.ApiServerRequests;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.OperatorExtension;
import io.taskoverflow.operator.testsupport.RequestKey;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The todo service opened from outside the cluster: the Service and the Ingress carry exactly the
 * spec's annotations and source ranges, what other controllers add to them stays theirs, and the
 * address a cloud controller writes into the Service's status becomes {@code status.app.url}. No
 * cloud runs here: the test writes what the AWS controllers would (a finalizer, an annotation, the
 * load balancer's host name) with the real API server's own semantics.
 */
@ExtendWith({KubeApiServerExtension.class, OperatorExtension.class})
class AppExposureIT {

  private static final String DATABASE =
      "database:\n  mode: External\n  external:\n    secretRef: {name: shared-db}\n";
  private static final String ELB = "a1b2c3d4e5-1234567890.us-east-1.elb.amazonaws.com";

  /** What a controller of the cluster adds to the objects: the operator must leave it be. */
  private static final String FOREIGN_ANNOTATION = "example.com/seen-by-controller";

  private static final String SERVICE_FINALIZER = "service.kubernetes.io/load-balancer-cleanup";
  private static final String INGRESS_FINALIZER = "ingress.k8s.aws/resources";

  @Test
  void theObjectsCarryExactlyTheSpecsAnnotationsBesideWhatOtherControllersAdd(
      KubernetesClient client) {
    String ns = namespace(client, "exposure");
    TaskOverflows.create(
        client,
        ns,
        "web",
        """
        service:
          type: LoadBalancer
          annotations:
            service.beta.kubernetes.io/aws-load-balancer-internal: "false"
            service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout: "120"
          loadBalancerSourceRanges: [203.0.113.7/32]
        ingress:
          host: todo.example.com
          className: alb
          annotations:
            alb.ingress.kubernetes.io/scheme: internet-facing
            alb.ingress.kubernetes.io/target-type: ip
        """
            + DATABASE);

    Service service = await(client, ns, Service.class, "web");
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getLoadBalancerSourceRanges()).containsExactly("203.0.113.7/32");
    assertThat(annotations(service))
        .isEqualTo(
            Map.of(
                "service.beta.kubernetes.io/aws-load-balancer-internal", "false",
                "service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout", "120"));
    assertThat(annotations(await(client, ns, Ingress.class, "web")))
        .isEqualTo(
            Map.of(
                "alb.ingress.kubernetes.io/scheme", "internet-facing",
                "alb.ingress.kubernetes.io/target-type", "ip"));

    // The cloud controller and the AWS Load Balancer Controller mark what they provisioned.
    markedByAController(client.services().inNamespace(ns).withName("web"), SERVICE_FINALIZER);
    markedByAController(
        client.network().v1().ingresses().inNamespace(ns).withName("web"), INGRESS_FINALIZER);

    TaskOverflows.replaceSpec(
        client,
        ns,
        "web",
        """
        service:
          type: LoadBalancer
          annotations:
            service.beta.kubernetes.io/aws-load-balancer-internal: "false"
          loadBalancerSourceRanges: [203.0.113.7/32, 198.51.100.0/24]
        ingress:
          host: todo.example.com
          className: alb
          annotations:
            alb.ingress.kubernetes.io/scheme: internet-facing
        """
            + DATABASE);

    awaitAnnotations(
        client.services().inNamespace(ns).withName("web"),
        Map.of(
            "service.beta.kubernetes.io/aws-load-balancer-internal",
            "false",
            FOREIGN_ANNOTATION,
            "yes"));
    awaitAnnotations(
        client.network().v1().ingresses().inNamespace(ns).withName("web"),
        Map.of("alb.ingress.kubernetes.io/scheme", "internet-facing", FOREIGN_ANNOTATION, "yes"));
    Service changed = client.services().inNamespace(ns).withName("web").get();
    assertThat(changed.getSpec().getLoadBalancerSourceRanges())
        .containsExactly("203.0.113.7/32", "198.51.100.0/24");
    assertThat(changed.getMetadata().getFinalizers()).containsExactly(SERVICE_FINALIZER);
    assertThat(
            client
                .network()
                .v1()
                .ingresses()
                .inNamespace(ns)
                .withName("web")
                .get()
                .getMetadata()
                .getFinalizers())
        .containsExactly(INGRESS_FINALIZER);

    // Without annotations in the spec, only the controllers' own stay.
    TaskOverflows.replaceSpec(
        client,
        ns,
        "web",
        "service: {type: LoadBalancer}\ningress: {host: todo.example.com, className: alb}\n"
            + DATABASE);
    awaitAnnotations(
        client.services().inNamespace(ns).withName("web"), Map.of(FOREIGN_ANNOTATION, "yes"));
    awaitAnnotations(
        client.network().v1().ingresses().inNamespace(ns).withName("web"),
        Map.of(FOREIGN_ANNOTATION, "yes"));
    assertThat(client.services().inNamespace(ns).withName("web").get().getSpec())
        .satisfies(spec -> assertThat(spec.getLoadBalancerSourceRanges()).isEmpty());

    releasedByTheControllers(client, ns);
  }

  @Test
  void theLoadBalancersAddressBecomesTheUrlUnlessAnIngressIsAsked(KubernetesClient client) {
    String ns = namespace(client, "balanced");
    String spec = "service: {type: LoadBalancer, loadBalancerSourceRanges: [203.0.113.7/32]}\n";
    TaskOverflows.create(client, ns, "lb", spec + DATABASE);
    await(client, ns, Deployment.class, "lb");
    Simulated.deploymentReady(client, ns, "lb");
    TaskOverflow pending = TaskOverflows.awaitPhase(client, ns, "lb", Phase.Ready);
    assertThat(pending.getStatus().app().url())
        .as("no address yet: the Service's name in the cluster")
        .isEqualTo("http://lb." + ns + ".svc/");

    Map<RequestKey, Long> before = ApiServerRequests.read(client);
    loadBalancerProvisioned(client, ns, "lb", ELB);

    TaskOverflow served = awaitUrl(client, ns, "lb", "http://" + ELB + "/");
    assertThat(condition(served, "Ready").getMessage())
        .isEqualTo("TaskOverflow serves at http://" + ELB + "/");
    assertThat(ApiServerRequests.delta(before, ApiServerRequests.read(client)))
        .as("the status change reconciled the resource, and the Service was not written again")
        .doesNotContainKeys(
            new RequestKey("APPLY", "services", ""),
            new RequestKey("PATCH", "services", ""),
            new RequestKey("PUT", "services", ""));

    TaskOverflows.replaceSpec(
        client, ns, "lb", spec + "ingress: {host: todo.example.com}\n" + DATABASE);
    awaitUrl(client, ns, "lb", "http://todo.example.com/");

    TaskOverflows.replaceSpec(client, ns, "lb", "service: {type: ClusterIP}\n" + DATABASE);
    awaitUrl(client, ns, "lb", "http://lb." + ns + ".svc/");
    Eventually.await(
        "the Service is a ClusterIP again, without the load balancer's fields",
        Duration.ofSeconds(60),
        () -> {
          Service service = client.services().inNamespace(ns).withName("lb").get();
          return "ClusterIP".equals(service.getSpec().getType())
              && service.getSpec().getLoadBalancerSourceRanges().isEmpty()
              && service.getSpec().getPorts().get(0).getNodePort() == null;
        });
    assertThat(TaskOverflows.awaitPhase(client, ns, "lb", Phase.Ready)).isNotNull();
  }

  private static String namespace(KubernetesClient client, String prefix) {
    String ns = TestNamespaces.create(client, prefix);
    UserSecrets.databaseUri(client, ns, "shared-db", "postgresql://app:pw@db.example.com/todo");
    return ns;
  }

  /** What a cloud's controller does to an object it provisioned for: a finalizer, an annotation. */
  private static <T extends HasMetadata> void markedByAController(
      Resource<T> object, String finalizer) {
    object.edit(
        current -> {
          current.getMetadata().getFinalizers().add(finalizer);
          current.getMetadata().getAnnotations().put(FOREIGN_ANNOTATION, "yes");
          return current;
        });
  }

  /** The cloud controller's report: the load balancer and its DNS name, in the status. */
  private static void loadBalancerProvisioned(
      KubernetesClient client, String ns, String name, String hostname) {
    client
        .services()
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            service -> {
              service
                  .getStatus()
                  .getLoadBalancer()
                  .setIngress(
                      List.of(new LoadBalancerIngressBuilder().withHostname(hostname).build()));
              return service;
            });
  }

  private static void releasedByTheControllers(KubernetesClient client, String ns) {
    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            service -> {
              service.getMetadata().getFinalizers().remove(SERVICE_FINALIZER);
              return service;
            });
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(ns)
        .withName("web")
        .edit(
            ingress -> {
              ingress.getMetadata().getFinalizers().remove(INGRESS_FINALIZER);
              return ingress;
            });
  }

  private static <T extends HasMetadata> void awaitAnnotations(
      Resource<T> object, Map<String, String> annotations) {
    Eventually.await(
        "the annotations are " + annotations,
        Duration.ofSeconds(60),
        () -> annotations.equals(annotations(object.get())));
  }

  /** The object's annotations but JOSDK's own, which marks what the operator last applied. */
  private static Map<String, String> annotations(HasMetadata object) {
    Map<String, String> annotations = new TreeMap<>(object.getMetadata().getAnnotations());
    annotations.keySet().removeIf(key -> key.startsWith("javaoperatorsdk.io/"));
    return annotations;
  }

  private static TaskOverflow awaitUrl(
      KubernetesClient client, String ns, String name, String url) {
    Eventually.await(
        name + "'s status.app.url is " + url,
        Duration.ofSeconds(60),
        () -> {
          TaskOverflow current = TaskOverflows.of(client, ns, name).get();
          return current.getStatus() != null
              && current.getStatus().app() != null
              && Objects.equals(url, current.getStatus().app().url());
        });
    return TaskOverflows.of(client, ns, name).get();
  }
}
