package io.taskoverflow.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaultsWatchAllNamespacesWithoutLeaderElection() {
    OperatorConfig config = OperatorConfig.fromEnv(Map.of());
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.todoImage()).isEqualTo(OperatorConfig.DEFAULT_TODO_IMAGE);
    assertThat(config.postgresImage()).isEqualTo(OperatorConfig.DEFAULT_POSTGRES_IMAGE);
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.healthPort()).isEqualTo(8080);
    assertThat(config.networkPolicies().enabled()).isTrue();
    assertThat(config.networkPolicies().appIngressNamespaces()).isEmpty();
    assertThat(config.networkPolicies().metricsScraperNamespaces())
        .as("no one scrapes the todo pods unless the admin says who")
        .isEmpty();
    assertThat(config.imagePullSecrets()).isEmpty();
  }

  @Test
  void readsThePullSecretsOfTheDeployedPodsInTheirOrder() {
    OperatorConfig config =
        OperatorConfig.fromEnv(Map.of("IMAGE_PULL_SECRETS", " registry-b,registry.a ,registry-b,"));
    assertThat(config.imagePullSecrets())
        .as("the kubelet tries them in turn; a repeat would only add a diff")
        .containsExactly("registry-b", "registry.a");
  }

  @Test
  void readsTheNetworkPolicySwitchAndTheNamespacesAdmittedToTheTodoPort() {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.of(
                "NETWORK_POLICIES", "false",
                "APP_INGRESS_NAMESPACES", " monitoring,ingress-nginx ,monitoring,"));
    assertThat(config.networkPolicies().enabled()).isFalse();
    assertThat(config.networkPolicies().appIngressNamespaces())
        .as("sorted and without repeats, so every reconcile writes the same policy")
        .containsExactly("ingress-nginx", "monitoring");
  }

  @Test
  void readsTheNamespacesAdmittedToTheMetricsPort() {
    OperatorConfig config =
        OperatorConfig.fromEnv(Map.of("METRICS_SCRAPER_NAMESPACES", "prometheus, monitoring"));
    assertThat(config.networkPolicies().metricsScraperNamespaces())
        .containsExactly("monitoring", "prometheus");
    assertThat(config.networkPolicies().summary())
        .isEqualTo("on, metrics port open to [monitoring, prometheus]");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnv(Map.of("METRICS_SCRAPER_NAMESPACES", "Monitoring")))
        .hasMessage("METRICS_SCRAPER_NAMESPACES: 'Monitoring' is not a valid namespace name");
  }

  @Test
  void readsTheChartsSettings() {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.of(
                "WATCH_NAMESPACES", " team-a, team-b ,",
                "TODO_IMAGE", "ecr.example/todo:1",
                "RECONCILE_CONCURRENCY", "4",
                "LEADER_ELECTION", "true",
                "OPERATOR_NAMESPACE", "taskoverflow-system"));
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(config.todoImage()).isEqualTo("ecr.example/todo:1");
    assertThat(config.reconcileConcurrency()).isEqualTo(4);
    assertThat(config.namespace()).isEqualTo("taskoverflow-system");
  }

  @Test
  void invalidSettingsNameTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("RECONCILE_CONCURRENCY", "0")))
        .hasMessageStartingWith("RECONCILE_CONCURRENCY");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("WATCH_NAMESPACES", "Team_A")))
        .hasMessageStartingWith("WATCH_NAMESPACES");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("LEADER_ELECTION", "yes")))
        .hasMessageStartingWith("LEADER_ELECTION");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("LEADER_ELECTION", "true")))
        .hasMessageStartingWith("OPERATOR_NAMESPACE");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("NETWORK_POLICIES", "on")))
        .hasMessageStartingWith("NETWORK_POLICIES");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnv(Map.of("APP_INGRESS_NAMESPACES", "ingress_nginx")))
        .hasMessage("APP_INGRESS_NAMESPACES: 'ingress_nginx' is not a valid namespace name");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("IMAGE_PULL_SECRETS", "Reg_Cred")))
        .hasMessage("IMAGE_PULL_SECRETS: 'Reg_Cred' is not a valid Secret name");
  }
}
