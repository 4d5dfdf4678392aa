package io.taskoverflow.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppUrlTest {

  private static final String DATABASE = "database: {mode: InCluster, name: todo}\n";
  private static final String ELB = "a1b2c3-123456789.us-east-1.elb.amazonaws.com";

  @Test
  void aClusterIpServiceIsReachedByItsNameInTheCluster() {
    assertThat(AppUrl.of(resource("service: {type: ClusterIP, port: 80}"), Optional.empty()))
        .isEqualTo("http://shop.team-a.svc/");
    assertThat(AppUrl.of(resource("service: {type: NodePort, port: 8080}"), Optional.empty()))
        .isEqualTo("http://shop.team-a.svc:8080/");
  }

  @Test
  void aLoadBalancerIsReachedAtTheHostNameTheCloudReports() {
    TaskOverflow resource = resource("service: {type: LoadBalancer, port: 80}");

    assertThat(AppUrl.of(resource, Optional.of(loadBalancer(ELB, null))))
        .isEqualTo("http://" + ELB + "/");
  }

  @Test
  void aLoadBalancerWithAnIpAddressAndAnotherPortKeepsThePort() {
    TaskOverflow resource = resource("service: {type: LoadBalancer, port: 8080}");

    assertThat(AppUrl.of(resource, Optional.of(loadBalancer(null, "203.0.113.10"))))
        .isEqualTo("http://203.0.113.10:8080/");
    assertThat(AppUrl.of(resource, Optional.of(loadBalancer(null, "2001:db8::10"))))
        .isEqualTo("http://[2001:db8::10]:8080/");
  }

  @Test
  void aLoadBalancerStillPendingLeavesTheInClusterUrl() {
    TaskOverflow resource = resource("service: {type: LoadBalancer, port: 80}");

    assertThat(AppUrl.of(resource, Optional.of(loadBalancer(null, null))))
        .isEqualTo("http://shop.team-a.svc/");
    assertThat(AppUrl.of(resource, Optional.empty())).isEqualTo("http://shop.team-a.svc/");
  }

  @Test
  void aServiceNoLongerOfTypeLoadBalancerIsNotReachedAtItsOldAddress() {
    TaskOverflow resource = resource("service: {type: ClusterIP, port: 80}");

    assertThat(AppUrl.of(resource, Optional.of(loadBalancer(ELB, null))))
        .isEqualTo("http://shop.team-a.svc/");
  }

  @Test
  void anIngressWinsOverALoadBalancer() {
    TaskOverflow plain =
        resource("service: {type: LoadBalancer, port: 80}\ningress: {host: todo.example.com}");
    TaskOverflow tls =
        resource(
            "service: {type: LoadBalancer, port: 80}\n"
                + "ingress: {host: todo.example.com, tlsSecretName: todo-tls}");

    assertThat(AppUrl.of(plain, Optional.of(loadBalancer(ELB, null))))
        .isEqualTo("http://todo.example.com/");
    assertThat(AppUrl.of(tls, Optional.of(loadBalancer(ELB, null))))
        .isEqualTo("https://todo.example.com/");
  }

  private static TaskOverflow resource(String specYaml) {
    return TaskOverflows.parse("team-a", "shop", specYaml + "\n" + DATABASE);
  }

  /** The Service as a cloud controller leaves it: its load balancer's address in the status. */
  private static Service loadBalancer(String hostname, String ip) {
    ServiceBuilder service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("shop")
            .endMetadata()
            .withNewSpec()
            .withType("LoadBalancer")
            .endSpec();
    if (hostname == null && ip == null) {
      return service.withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus().build();
    }
    return service
        .withNewStatus()
        .withNewLoadBalancer()
        .addNewIngress()
        .withHostname(hostname)
        .withIp(ip)
        .endIngress()
        .endLoadBalancer()
        .endStatus()
        .build();
  }
}
