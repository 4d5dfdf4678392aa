package io.taskoverflow.operator.network;

import static io.taskoverflow.operator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.KubeControllerManagerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.ScriptedRdsGateway;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NetworkPolicies the operator makes for each TaskOverflow, against a real API server (which
 * enforces nothing: what is proved here is what the policies say, and when they exist), with the
 * garbage collector of kube-controller-manager for what a deleted resource owned.
 */
@ExtendWith({KubeApiServerExtension.class, KubeControllerManagerExtension.class})
class NetworkPolicyIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String EXTERNAL =
      "database: {mode: External, external: {secretRef: {name: users-db}}}\n";

  @Test
  void eachModeGetsPoliciesThatSelectItsOwnPodsAndReachItsOwnDatabase(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "netpol-modes");
    UserSecrets.databaseUri(
        client, ns, "users-db", "postgresql://u:p@db.example.com:6543/todo?sslmode=require");
    try (RunningOperator operator = operator(client, ns, true)) {
      TaskOverflows.create(client, ns, "local", "{}");
      TaskOverflows.create(client, ns, "remote", EXTERNAL + "service: {type: NodePort}\n");
      TaskOverflows.create(client, ns, "cloud", "database: {mode: RDS, rds: {}}\n");

      NetworkPolicy local = await(client, ns, NetworkPolicy.class, "local");
      assertThat(local.getSpec().getPodSelector().getMatchLabels()).isEqualTo(pods("local", "app"));
      assertThat(local.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
      assertThat(local.getSpec().getIngress())
          .as("one rule: the todo port from the own namespace and the configured one")
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .containsExactly(6400);
                assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels()).isEmpty();
                assertThat(rule.getFrom().get(0).getNamespaceSelector()).isNull();
                assertThat(
                        rule.getFrom()
                            .get(1)
                            .getNamespaceSelector()
                            .getMatchExpressions()
                            .get(0)
                            .getValues())
                    .containsExactly("ingress-nginx");
              });
      assertThat(database(local).getTo())
          .singleElement()
          .satisfies(
              to ->
                  assertThat(to.getPodSelector().getMatchLabels())
                      .isEqualTo(pods("local", "database")));
      assertThat(ports(database(local))).containsExactly(5432);
      assertOwnedBy(client, ns, "local", local);

      NetworkPolicy postgres = await(client, ns, NetworkPolicy.class, "local-postgres");
      assertThat(postgres.getSpec().getPodSelector().getMatchLabels())
          .isEqualTo(pods("local", "database"));
      assertThat(postgres.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
      assertThat(postgres.getSpec().getEgress()).as("PostgreSQL reaches nothing").isEmpty();
      assertThat(postgres.getSpec().getIngress())
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(
                        from ->
                            assertThat(from.getPodSelector().getMatchLabels())
                                .isEqualTo(pods("local", "app")));
                assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .containsExactly(5432);
              });
      assertOwnedBy(client, ns, "local", postgres);

      NetworkPolicy remote = await(client, ns, NetworkPolicy.class, "remote");
      assertThat(remote.getSpec().getPodSelector().getMatchLabels())
          .isEqualTo(pods("remote", "app"));
      assertThat(ipBlocks(database(remote)))
          .containsExactly(
              "0.0.0.0/0 except [169.254.169.254/32]", "::/0 except [fd00:ec2::254/128]");
      assertThat(ports(database(remote))).as("the port of the user's URI").containsExactly(6543);
      assertThat(remote.getSpec().getIngress())
          .as("a NodePort: the todo port from any address too")
          .hasSize(2)
          .last()
          .satisfies(
              rule ->
                  assertThat(rule.getFrom())
                      .extracting(from -> from.getIpBlock().getCidr())
                      .containsExactly("0.0.0.0/0", "::/0"));

      NetworkPolicy cloud = await(client, ns, NetworkPolicy.class, "cloud");
      assertThat(cloud.getSpec().getPodSelector().getMatchLabels()).isEqualTo(pods("cloud", "app"));
      assertThat(ipBlocks(database(cloud)))
          .containsExactly(
              "0.0.0.0/0 except [169.254.169.254/32]", "::/0 except [fd00:ec2::254/128]");
      assertThat(ports(database(cloud))).as("the instance's port").containsExactly(5432);
      assertThat(cloud.getSpec().getIngress())
          .as("a ClusterIP Service: in-cluster only")
          .hasSize(1);

      assertThat(names(client, ns))
          .as("a PostgreSQL policy for the in-cluster database only")
          .containsExactlyInAnyOrder("local", "local-postgres", "remote", "cloud");

      // The user moves the database to another port: the egress follows.
      UserSecrets.databaseUri(client, ns, "users-db", "postgresql://u:p@db.example.com:7000/todo");
      Eventually.await(
          "the External policy allows port 7000",
          TIMEOUT,
          () -> ports(database(policy(client, ns, "remote"))).equals(List.of(7000)));
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void aReconcileThatChangesNothingOfThemLeavesThePoliciesAsTheyAre(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "netpol-steady");
    try (RunningOperator operator = operator(client, ns, true)) {
      TaskOverflows.create(client, ns, "shop", "service: {type: LoadBalancer}\n");
      await(client, ns, NetworkPolicy.class, "shop");
      await(client, ns, NetworkPolicy.class, "shop-postgres");
      Map<String, String> before = resourceVersions(client, ns);

      TaskOverflows.replaceSpec(client, ns, "shop", "replicas: 2\nservice: {type: LoadBalancer}\n");
      Eventually.await(
          "the Deployment has 2 replicas",
          TIMEOUT,
          () ->
              client
                      .apps()
                      .deployments()
                      .inNamespace(ns)
                      .withName("shop")
                      .get()
                      .getSpec()
                      .getReplicas()
                  == 2);

      assertThat(resourceVersions(client, ns))
          .as("server-side apply of an unchanged policy writes nothing")
          .isEqualTo(before);
    }
  }

  @Test
  void aPolicySomeoneDeletesOrWidensIsSetBack(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "netpol-tamper");
    try (RunningOperator operator = operator(client, ns, true)) {
      TaskOverflows.create(client, ns, "shop", "{}");
      NetworkPolicy app = await(client, ns, NetworkPolicy.class, "shop");
      String postgres =
          await(client, ns, NetworkPolicy.class, "shop-postgres").getMetadata().getUid();

      client.network().v1().networkPolicies().inNamespace(ns).withName("shop-postgres").delete();
      Eventually.await(
          "the deleted PostgreSQL policy is made again",
          TIMEOUT,
          () -> {
            NetworkPolicy now = policy(client, ns, "shop-postgres");
            return now != null && !now.getMetadata().getUid().equals(postgres);
          });

      // Someone opens the todo port to every namespace, as kubectl edit would.
      client
          .network()
          .v1()
          .networkPolicies()
          .inNamespace(ns)
          .withName("shop")
          .edit(
              policy -> {
                policy
                    .getSpec()
                    .getIngress()
                    .get(0)
                    .getFrom()
                    .add(
                        new NetworkPolicyPeerBuilder()
                            .withNewNamespaceSelector()
                            .endNamespaceSelector()
                            .build());
                return policy;
              });
      Eventually.await(
          "the widened todo policy is set back",
          TIMEOUT,
          () -> policy(client, ns, "shop").getSpec().equals(app.getSpec()));
    }
  }

  @Test
  void changingTheServiceTypeOpensAndClosesTheTodoPortToAnyAddress(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "netpol-service");
    try (RunningOperator operator = operator(client, ns, true)) {
      TaskOverflows.create(client, ns, "shop", "{}");
      assertThat(await(client, ns, NetworkPolicy.class, "shop").getSpec().getIngress()).hasSize(1);

      TaskOverflows.replaceSpec(client, ns, "shop", "service: {type: LoadBalancer}\n");
      Eventually.await(
          "a LoadBalancer opens the port to any address",
          TIMEOUT,
          () -> policy(client, ns, "shop").getSpec().getIngress().size() == 2);

      TaskOverflows.replaceSpec(client, ns, "shop", "service: {type: ClusterIP}\n");
      Eventually.await(
          "a ClusterIP closes it again",
          TIMEOUT,
          () -> policy(client, ns, "shop").getSpec().getIngress().size() == 1);
    }
  }

  @Test
  void theMetricsPortIsOpenOnlyToTheScraperNamespacesTheAdminNames(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "netpol-metrics");
    try (RunningOperator operator = operator(client, ns, true)) {
      TaskOverflows.create(client, ns, "shop", "service: {type: LoadBalancer}\n");
      NetworkPolicy unscraped = await(client, ns, NetworkPolicy.class, "shop");
      assertThat(metricsRules(unscraped)).as("by default no one may scrape").isEmpty();
      assertThat(unscraped.getSpec().getIngress())
          .flatExtracting(NetworkPolicyIngressRule::getPorts)
          .extracting(port -> port.getPort().getIntVal())
          .containsOnly(6400);
    }

    try (RunningOperator operator = operator(client, ns, true, "monitoring")) {
      Eventually.await(
          "the restarted operator opens the metrics port to the scrapers",
          TIMEOUT,
          () -> !metricsRules(policy(client, ns, "shop")).isEmpty());
      NetworkPolicy scraped = policy(client, ns, "shop");
      assertThat(metricsRules(scraped))
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.getPorts())
                    .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactly("TCP/9400");
                assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(
                        from -> {
                          assertThat(from.getPodSelector()).isNull();
                          assertThat(from.getIpBlock()).isNull();
                          var names = from.getNamespaceSelector().getMatchExpressions().get(0);
                          assertThat(names.getKey()).isEqualTo("kubernetes.io/metadata.name");
                          assertThat(names.getValues()).containsExactly("monitoring");
                        });
              });
      assertThat(scraped.getSpec().getIngress())
          .as("the LoadBalancer's rule for any address stays on the todo port")
          .filteredOn(rule -> rule.getFrom().stream().anyMatch(from -> from.getIpBlock() != null))
          .flatExtracting(NetworkPolicyIngressRule::getPorts)
          .extracting(port -> port.getPort().getIntVal())
          .containsOnly(6400);
      Container todo =
          client
              .apps()
              .deployments()
              .inNamespace(ns)
              .withName("shop")
              .get()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0);
      assertThat(todo.getPorts())
          .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
          .contains(tuple("metrics", 9400));
      assertThat(client.services().inNamespace(ns).withName("shop").get().getSpec().getPorts())
          .as("the LoadBalancer Service does not carry the metrics port")
          .extracting(port -> port.getTargetPort().getStrVal())
          .containsExactly("http");
    }

    try (RunningOperator operator = operator(client, ns, true)) {
      Eventually.await(
          "with the scrapers unset again, the rule goes",
          TIMEOUT,
          () -> metricsRules(policy(client, ns, "shop")).isEmpty());
    }
  }

  @Test
  void turningTheSwitchOffDeletesThePoliciesMadeAndMakesNoneAnymore(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "netpol-off");
    try (RunningOperator operator = operator(client, ns, true)) {
      TaskOverflows.create(client, ns, "shop", "{}");
      await(client, ns, NetworkPolicy.class, "shop");
      await(client, ns, NetworkPolicy.class, "shop-postgres");
    }

    try (RunningOperator operator = operator(client, ns, false)) {
      Eventually.await(
          "the policies made before are deleted", TIMEOUT, () -> names(client, ns).isEmpty());
      assertThat(client.apps().statefulSets().inNamespace(ns).withName("shop-postgres").get())
          .as("and nothing else")
          .isNotNull();
      assertThat(client.apps().deployments().inNamespace(ns).withName("shop").get()).isNotNull();

      TaskOverflows.create(client, ns, "later", "{}");
      await(client, ns, StatefulSet.class, "later-postgres");
      await(client, ns, Deployment.class, "later");
      assertThat(names(client, ns)).as("no policy for a new resource").isEmpty();
    }
  }

  @Test
  void aModeChangeIsRefusedAndTheSameNameInAnotherModeKeepsNoPostgresPolicy(
      KubernetesClient client) {
    String ns = TestNamespaces.create(client, "netpol-mode");
    UserSecrets.databaseUri(client, ns, "users-db", "postgresql://u:p@db.example.com/todo");
    try (RunningOperator operator = operator(client, ns, true)) {
      TaskOverflows.create(client, ns, "shop", "{}");
      await(client, ns, NetworkPolicy.class, "shop-postgres");

      assertThatThrownBy(() -> TaskOverflows.replaceSpec(client, ns, "shop", EXTERNAL))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getMessage())
                    .contains("database.mode cannot be changed after creation");
              });
      assertThat(policy(client, ns, "shop-postgres")).isNotNull();

      // The only way to another mode: a new resource. What the old one owned goes with it.
      TaskOverflows.deleteAll(client, ns);
      TaskOverflows.create(client, ns, "shop", EXTERNAL);
      Eventually.await(
          "only the External resource's own policy is left",
          Duration.ofSeconds(90),
          () -> {
            NetworkPolicy app = policy(client, ns, "shop");
            return names(client, ns).equals(List.of("shop"))
                && app != null
                && !ipBlocks(database(app)).isEmpty();
          });
      TaskOverflow external = TaskOverflows.of(client, ns, "shop").get();
      assertOwnedBy(client, ns, "shop", policy(client, ns, "shop"));
      assertThat(external.getSpec().database().mode().name()).isEqualTo("External");
    }
  }

  /**
   * The operator watching {@code ns}, with policies on or off, the ingress controller's namespace
   * admitted.
   */
  private static RunningOperator operator(
      KubernetesClient client, String ns, boolean networkPolicies) {
    return operator(client, ns, networkPolicies, "");
  }

  /** The same, with the namespaces that may scrape the todo pods' metrics port. */
  private static RunningOperator operator(
      KubernetesClient client, String ns, boolean networkPolicies, String scraperNamespaces) {
    Map<String, String> env = new HashMap<>();
    env.put("METRICS_SCRAPER_NAMESPACES", scraperNamespaces);
    env.put("WATCH_NAMESPACES", ns);
    env.put("TODO_IMAGE", RunningOperator.TODO_IMAGE);
    env.put("POSTGRES_IMAGE", RunningOperator.POSTGRES_IMAGE);
    env.put("NETWORK_POLICIES", Boolean.toString(networkPolicies));
    env.put("APP_INGRESS_NAMESPACES", "ingress-nginx");
    env.put("RDS_SUBNET_GROUP", "taskoverflow-db");
    env.put("RDS_SECURITY_GROUP_IDS", "sg-0123456789abcdef0");
    env.put("RDS_POLL_FAST_SECONDS", "1");
    env.put("RDS_POLL_SLOW_SECONDS", "2");
    return RunningOperator.withRds(client, OperatorConfig.fromEnv(env), new ScriptedRdsGateway());
  }

  private static Map<String, String> pods(String instance, String component) {
    return Map.of(
        "app.kubernetes.io/name", "taskoverflow",
        "app.kubernetes.io/instance", instance,
        "app.kubernetes.io/component", component);
  }

  private static NetworkPolicy policy(KubernetesClient client, String ns, String name) {
    return client.network().v1().networkPolicies().inNamespace(ns).withName(name).get();
  }

  private static List<String> names(KubernetesClient client, String ns) {
    return client.network().v1().networkPolicies().inNamespace(ns).list().getItems().stream()
        .map(policy -> policy.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static Map<String, String> resourceVersions(KubernetesClient client, String ns) {
    return client.network().v1().networkPolicies().inNamespace(ns).list().getItems().stream()
        .collect(
            Collectors.toMap(
                policy -> policy.getMetadata().getName(),
                policy -> policy.getMetadata().getResourceVersion()));
  }

  /** The egress rule to the database: the one that is not DNS's. */
  private static NetworkPolicyEgressRule database(NetworkPolicy policy) {
    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    assertThat(egress)
        .as("egress of %s: DNS, then the database", policy.getMetadata().getName())
        .hasSize(2);
    assertThat(egress.get(0).getTo()).as("DNS goes anywhere").isEmpty();
    assertThat(egress.get(0).getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactly("UDP/53", "TCP/53");
    return egress.get(1);
  }

  /** The ingress rules that admit the todo pods' metrics port. */
  private static List<NetworkPolicyIngressRule> metricsRules(NetworkPolicy policy) {
    return policy.getSpec().getIngress().stream()
        .filter(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 9400))
        .toList();
  }

  private static List<Integer> ports(NetworkPolicyEgressRule rule) {
    return rule.getPorts().stream().map(port -> port.getPort().getIntVal()).toList();
  }

  private static List<String> ipBlocks(NetworkPolicyEgressRule rule) {
    return rule.getTo().stream()
        .map(NetworkPolicyPeer::getIpBlock)
        .filter(Objects::nonNull)
        .map(block -> block.getCidr() + " except " + block.getExcept())
        .toList();
  }

  private static void assertOwnedBy(
      KubernetesClient client, String ns, String name, NetworkPolicy policy) {
    String uid = TaskOverflows.of(client, ns, name).get().getMetadata().getUid();
    assertThat(policy.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid));
  }
}
