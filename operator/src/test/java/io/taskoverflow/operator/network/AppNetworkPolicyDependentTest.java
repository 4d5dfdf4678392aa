package io.taskoverflow.operator.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.postgres.InClusterDatabase;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The todo pods' policy, per database mode and Service type, written out as the YAML it is. */
class AppNetworkPolicyDependentTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static final String POD_SELECTOR =
      """
      podSelector:
        matchLabels:
          app.kubernetes.io/name: taskoverflow
          app.kubernetes.io/instance: shop
          app.kubernetes.io/component: app
      policyTypes: [Ingress, Egress]
      """;

  private static final String FROM_OWN_NAMESPACE =
      """
      - from:
          - podSelector: {}
        ports:
          - {protocol: TCP, port: 6400}
      """;

  private static final String FROM_ANY_ADDRESS =
      """
      - from:
          - ipBlock: {cidr: 0.0.0.0/0}
          - ipBlock: {cidr: "::/0"}
        ports:
          - {protocol: TCP, port: 6400}
      """;

  private static final String DNS =
      """
      - ports:
          - {protocol: UDP, port: 53}
          - {protocol: TCP, port: 53}
      """;

  private static final String TO_POSTGRES =
      """
      - to:
          - podSelector:
              matchLabels:
                app.kubernetes.io/name: taskoverflow
                app.kubernetes.io/instance: shop
                app.kubernetes.io/component: database
        ports:
          - {protocol: TCP, port: 5432}
      """;

  @Test
  void inClusterTodoPodsTakeTheirNamespaceAndReachOnlyDnsAndTheirPostgres() {
    NetworkPolicy policy = desired(List.of(), "{}", InClusterDatabase.PROVISIONER);

    assertThat(policy.getMetadata().getName()).isEqualTo("shop");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(policy.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "taskoverflow-operator")
        .containsEntry("app.kubernetes.io/component", "app");
    assertThat(policy.getSpec())
        .isEqualTo(
            spec(
                POD_SELECTOR
                    + "ingress:\n"
                    + FROM_OWN_NAMESPACE
                    + "egress:\n"
                    + DNS
                    + TO_POSTGRES));
  }

  @Test
  void theNamespacesTheAdminNamesMayReachTheTodoPortToo() {
    NetworkPolicy policy =
        desired(List.of("ingress-nginx", "monitoring"), "{}", InClusterDatabase.PROVISIONER);

    assertThat(policy.getSpec().getIngress())
        .isEqualTo(
            spec("""
                    ingress:
                      - from:
                          - podSelector: {}
                          - namespaceSelector:
                              matchExpressions:
                                - key: kubernetes.io/metadata.name
                                  operator: In
                                  values: [ingress-nginx, monitoring]
                        ports:
                          - {protocol: TCP, port: 6400}
                    """)
                .getIngress());
  }

  @Test
  void theScraperNamespacesTheAdminNamesReachTheMetricsPortAndOnlyThat() {
    TaskOverflow resource =
        TaskOverflows.parse("team-a", "shop", "service: {type: LoadBalancer, port: 8080}");
    NetworkPolicy policy =
        new AppNetworkPolicyDependent(
                List.of("ingress-nginx"),
                List.of("monitoring", "prometheus"),
                r -> InClusterDatabase.PROVISIONER)
            .desired(resource, null);

    assertThat(policy.getSpec().getIngress())
        .as("the metrics port from the scrapers' namespaces, never from any address")
        .isEqualTo(
            spec("""
                    ingress:
                      - from:
                          - podSelector: {}
                          - namespaceSelector:
                              matchExpressions:
                                - key: kubernetes.io/metadata.name
                                  operator: In
                                  values: [ingress-nginx]
                        ports:
                          - {protocol: TCP, port: 6400}
                      - from:
                          - ipBlock: {cidr: 0.0.0.0/0}
                          - ipBlock: {cidr: "::/0"}
                        ports:
                          - {protocol: TCP, port: 6400}
                      - from:
                          - namespaceSelector:
                              matchExpressions:
                                - key: kubernetes.io/metadata.name
                                  operator: In
                                  values: [monitoring, prometheus]
                        ports:
                          - {protocol: TCP, port: 9400}
                    """)
                .getIngress());
  }

  @Test
  void withoutScrapersNoRuleNamesTheMetricsPort() {
    NetworkPolicy policy = desired(List.of("ingress-nginx"), "{}", InClusterDatabase.PROVISIONER);

    assertThat(policy.getSpec().getIngress())
        .flatExtracting(rule -> rule.getPorts())
        .extracting(port -> port.getPort().getIntVal())
        .containsOnly(6400);
  }

  @Test
  void aNodePortOrLoadBalancerServiceOpensTheTodoPortToAnyAddress() {
    for (String type : List.of("NodePort", "LoadBalancer")) {
      NetworkPolicy policy =
          desired(
              List.of(),
              "service: {type: " + type + ", port: 8080}",
              InClusterDatabase.PROVISIONER);

      assertThat(policy.getSpec().getIngress())
          .as(type)
          .isEqualTo(spec("ingress:\n" + FROM_OWN_NAMESPACE + FROM_ANY_ADDRESS).getIngress());
    }
    NetworkPolicy clusterIp =
        desired(List.of(), "service: {type: ClusterIP}", InClusterDatabase.PROVISIONER);
    assertThat(clusterIp.getSpec().getIngress())
        .isEqualTo(spec("ingress:\n" + FROM_OWN_NAMESPACE).getIngress());
  }

  @Test
  void anAlbSendingStraightToThePodsOpensTheTodoPortToAnyAddress() {
    NetworkPolicy toPods =
        desired(
            List.of(),
            "ingress:\n  host: todo.example.com\n  className: alb\n  annotations:\n"
                + "    alb.ingress.kubernetes.io/scheme: internet-facing\n"
                + "    alb.ingress.kubernetes.io/target-type: ip\n",
            InClusterDatabase.PROVISIONER);
    assertThat(toPods.getSpec().getIngress())
        .as("the ALB's addresses are the VPC's, in no namespace")
        .isEqualTo(spec("ingress:\n" + FROM_OWN_NAMESPACE + FROM_ANY_ADDRESS).getIngress());

    for (String otherIngress :
        List.of(
            "ingress: {host: todo.example.com, className: nginx}",
            "ingress:\n  host: todo.example.com\n  annotations:\n"
                + "    alb.ingress.kubernetes.io/target-type: instance\n")) {
      assertThat(
              desired(List.of(), otherIngress, InClusterDatabase.PROVISIONER)
                  .getSpec()
                  .getIngress())
          .as(otherIngress)
          .isEqualTo(spec("ingress:\n" + FROM_OWN_NAMESPACE).getIngress());
    }
  }

  @Test
  void aDatabaseOutsideTheClusterIsReachedOnItsPortAnywhereButTheInstanceMetadata() {
    NetworkPolicy policy = desired(List.of(), "{}", outside(6543));

    assertThat(policy.getSpec())
        .isEqualTo(
            spec(
                POD_SELECTOR
                    + "ingress:\n"
                    + FROM_OWN_NAMESPACE
                    + "egress:\n"
                    + DNS
                    + """
                    - to:
                        - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}
                        - ipBlock: {cidr: "::/0", except: ["fd00:ec2::254/128"]}
                      ports:
                        - {protocol: TCP, port: 6543}
                    """));
  }

  @Test
  void aDatabasePortNotKnownYetIsPostgresOwn() {
    NetworkPolicy policy = desired(List.of(), "{}", outside(null));

    assertThat(policy.getSpec().getEgress().get(1).getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(5432));
  }

  /** The policy of TaskOverflow team-a/shop whose mode's provisioner is {@code database}. */
  private static NetworkPolicy desired(
      List<String> ingressNamespaces, String specYaml, DatabaseProvisioner database) {
    TaskOverflow resource = TaskOverflows.parse("team-a", "shop", specYaml);
    return new AppNetworkPolicyDependent(ingressNamespaces, List.of(), r -> database)
        .desired(resource, null);
  }

  private static NetworkPolicySpec spec(String yaml) {
    return YAML.unmarshal(yaml, NetworkPolicySpec.class);
  }

  /** A provisioner of a server outside the cluster whose readiness names this port (or none). */
  private static DatabaseProvisioner outside(Integer port) {
    return new DatabaseProvisioner() {
      @Override
      public DatabaseReadiness readiness(TaskOverflow resource, Context<TaskOverflow> context) {
        return DatabaseReadiness.notReady("Testing", "test", "db.example.com", port, "test");
      }

      @Override
      public Map<String, String> connectionData(
          TaskOverflow resource, Context<TaskOverflow> context, Map<String, String> current) {
        return current;
      }

      @Override
      public Optional<String> userSecret(TaskOverflow resource) {
        return Optional.empty();
      }

      @Override
      public int defaultMaxConnections() {
        return 80;
      }
    };
  }
}
