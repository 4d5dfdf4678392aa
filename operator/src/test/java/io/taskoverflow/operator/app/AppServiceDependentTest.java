package io.taskoverflow.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.operator.testsupport.EmptyContext;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppServiceDependentTest {

  @Test
  void aLoadBalancerCarriesTheSpecsAnnotationsAndSourceRanges() {
    Service service =
        desired(
            """
            service:
              type: LoadBalancer
              port: 8080
              annotations:
                service.beta.kubernetes.io/aws-load-balancer-internal: "true"
                service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "443"
              loadBalancerSourceRanges: [203.0.113.7/32, 198.51.100.0/24]
            database: {mode: InCluster, name: todo}
            """);

    assertThat(service.getMetadata().getAnnotations())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "service.beta.kubernetes.io/aws-load-balancer-internal", "true",
                "service.beta.kubernetes.io/aws-load-balancer-ssl-ports", "443"));
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getLoadBalancerSourceRanges())
        .containsExactly("203.0.113.7/32", "198.51.100.0/24");
    assertThat(service.getSpec().getPorts())
        .as("the API's port only: the pods' metrics port never goes behind a LoadBalancer")
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getPort()).isEqualTo(8080);
              assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
              assertThat(port.getNodePort()).as("the API server's to allocate").isNull();
            });
  }

  @Test
  void withoutAnnotationsOrRangesTheServiceHasNoSuchFields() {
    Service service = desired("database: {mode: InCluster, name: todo}\n");

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
    assertThat(new KubernetesSerialization().asYaml(service))
        .as("what is applied: no empty fields that the stored Service would never match")
        .doesNotContain("annotations")
        .doesNotContain("loadBalancerSourceRanges");
  }

  private static Service desired(String specYaml) {
    return new AppServiceDependent()
        .desired(TaskOverflows.parse("team-a", "shop", specYaml), EmptyContext.create());
  }
}
