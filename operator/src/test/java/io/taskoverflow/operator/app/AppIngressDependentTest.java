package io.taskoverflow.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.operator.testsupport.EmptyContext;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppIngressDependentTest {

  @Test
  void theIngressCarriesTheSpecsAnnotationsForItsController() {
    Ingress ingress =
        desired(
            """
            ingress:
              host: todo.example.com
              className: alb
              annotations:
                alb.ingress.kubernetes.io/scheme: internet-facing
                alb.ingress.kubernetes.io/target-type: ip
            database: {mode: InCluster, name: todo}
            """);

    assertThat(ingress.getMetadata().getAnnotations())
        .isEqualTo(
            Map.of(
                "alb.ingress.kubernetes.io/scheme", "internet-facing",
                "alb.ingress.kubernetes.io/target-type", "ip"));
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
    assertThat(ingress.getSpec().getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getHost()).isEqualTo("todo.example.com");
              assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName())
                  .isEqualTo("shop");
            });
    assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
  }

  @Test
  void withoutAnnotationsTheIngressHasNone() {
    Ingress ingress =
        desired(
            "ingress: {host: todo.example.com, tlsSecretName: todo-tls}\n"
                + "database: {mode: InCluster, name: todo}\n");

    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("todo-tls");
    assertThat(new KubernetesSerialization().asYaml(ingress.getMetadata()))
        .doesNotContain("annotations");
  }

  private static Ingress desired(String specYaml) {
    return new AppIngressDependent()
        .desired(TaskOverflows.parse("team-a", "shop", specYaml), EmptyContext.create());
  }
}
