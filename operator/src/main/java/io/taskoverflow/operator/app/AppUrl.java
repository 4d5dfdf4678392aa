package io.taskoverflow.operator.app;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.IngressSpec;
import io.taskoverflow.crd.spec.ServiceSpec;
import io.taskoverflow.operator.kube.Names;
import java.util.Optional;

/**
 * Where users open the todo service, for {@code status.app.url}: the Ingress's host where the spec
 * asks for one; else the address a cloud gave the Service's load balancer; else the Service's name
 * in the cluster, which is also what a load balancer still pending leaves.
 */
public final class AppUrl {

  private static final String LOAD_BALANCER = ServiceSpec.ServiceType.LoadBalancer.name();

  private AppUrl() {}

  /**
   * @param service the Service as last observed: its status holds the load balancer's address
   */
  public static String of(TaskOverflow resource, Optional<Service> service) {
    IngressSpec ingress = resource.getSpec().ingress();
    if (ingress != null) {
      return (ingress.tlsSecretName() == null ? "http://" : "https://") + ingress.host() + "/";
    }
    int port = AppServiceDependent.spec(resource).port();
    String host =
        loadBalancerAddress(resource, service)
            .orElseGet(
                () -> Names.app(resource) + "." + resource.getMetadata().getNamespace() + ".svc");
    return "http://" + host + (port == 80 ? "" : ":" + port) + "/";
  }

  /**
   * The first address in the Service's load balancer status, a host name (AWS) or an IP address,
   * while the spec still asks for a load balancer: a Service changed to another type may keep the
   * old status a moment.
   */
  private static Optional<String> loadBalancerAddress(
      TaskOverflow resource, Optional<Service> service) {
    if (AppServiceDependent.spec(resource).type() != ServiceSpec.ServiceType.LoadBalancer) {
      return Optional.empty();
    }
    return service
        .filter(s -> LOAD_BALANCER.equals(s.getSpec().getType()))
        .map(Service::getStatus)
        .map(ServiceStatus::getLoadBalancer)
        .map(LoadBalancerStatus::getIngress)
        .flatMap(ingresses -> ingresses.stream().findFirst())
        .flatMap(AppUrl::address);
  }

  private static Optional<String> address(LoadBalancerIngress ingress) {
    if (ingress.getHostname() != null && !ingress.getHostname().isBlank()) {
      return Optional.of(ingress.getHostname());
    }
    if (ingress.getIp() != null && !ingress.getIp().isBlank()) {
      // An IPv6 address needs brackets in a URL.
      return Optional.of(
          ingress.getIp().contains(":") ? "[" + ingress.getIp() + "]" : ingress.getIp());
    }
    return Optional.empty();
  }
}
