package io.taskoverflow.operator.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import org.junit.jupiter.api.Test;

class PostgresNetworkPolicyDependentTest {

  @Test
  void onlyTheTodoPodsOfItsOwnTaskOverflowReachPostgresAndPostgresReachesNothing() {
    NetworkPolicy policy =
        new PostgresNetworkPolicyDependent()
            .desired(TaskOverflows.parse("team-a", "shop", "{}"), null);

    assertThat(policy.getMetadata().getName()).isEqualTo("shop-postgres");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(policy.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "taskoverflow-operator")
        .containsEntry("app.kubernetes.io/component", "database");
    assertThat(policy.getSpec())
        .isEqualTo(
            new KubernetesSerialization()
                .unmarshal(
                    """
                    podSelector:
                      matchLabels:
                        app.kubernetes.io/name: taskoverflow
                        app.kubernetes.io/instance: shop
                        app.kubernetes.io/component: database
                    policyTypes: [Ingress, Egress]
                    ingress:
                      - from:
                          - podSelector:
                              matchLabels:
                                app.kubernetes.io/name: taskoverflow
                                app.kubernetes.io/instance: shop
                                app.kubernetes.io/component: app
                        ports:
                          - {protocol: TCP, port: 5432}
                    """,
                    NetworkPolicySpec.class));
    assertThat(policy.getSpec().getEgress())
        .as("Egress is a policy type without a rule: nothing goes out")
        .isEmpty();
  }
}
