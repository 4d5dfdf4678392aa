package io.taskoverflow.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.RunningOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code helm lint} and {@code helm template} of the chart, with the values users set. */
class ChartTest {

  private static final String NAMESPACE = "taskoverflow-system";
  private static final String NAME = HelmChart.RELEASE;

  /** What the operator does in a namespace it watches: exactly these, nothing with "*". */
  static final List<String> OPERATOR_RULES =
      List.of(
          "taskoverflow.io/taskoverflows: get,list,watch,patch",
          "taskoverflow.io/taskoverflows/status: get,patch",
          "taskoverflow.io/taskoverflows/finalizers: update",
          "/secrets,services: get,list,watch,create,patch,delete",
          "apps/deployments,statefulsets: get,list,watch,create,patch,delete",
          "/pods: get,list,watch",
          "networking.k8s.io/ingresses: get,list,watch,create,patch,delete",
          "networking.k8s.io/networkpolicies: get,list,watch,create,patch,delete",
          "/events: create");

  private static final Pattern VALUES_KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):.*$");
  private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

  static final List<String> LEADER_ELECTION_RULES =
      List.of(
          "coordination.k8s.io/leases: create",
          "coordination.k8s.io/leases[taskoverflow-operator]: get,update,patch");

  @Test
  void theReadmeShowsTheArgoCdHealthCheckTheChartShips() throws IOException {
    String lua = Files.readString(HelmChart.DIRECTORY.resolve("files/argocd-health.lua"));
    String readme = Files.readString(HelmChart.DIRECTORY.resolve("README.md"));
    assertThat(readme).contains("```lua\n" + lua + "```\n");
  }

  @Test
  void lintPassesInStrictMode() {
    LintResult lint = HelmChart.helm().lint().strict().call();

    assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages())
        .as("only the icon, which the chart does not have, may be recommended")
        .allMatch(message -> message.startsWith("[INFO] Chart.yaml: icon"));
  }

  @Test
  void everyValueIsDocumentedAndListedInTheReadme() throws IOException {
    List<String> lines = Files.readAllLines(HelmChart.DIRECTORY.resolve("values.yaml"));
    Set<String> keys = new LinkedHashSet<>();
    Set<String> documented = new LinkedHashSet<>();
    List<String> path = new ArrayList<>();
    boolean comment = false;
    for (String line : lines) {
      Matcher key = VALUES_KEY.matcher(line);
      if (line.strip().startsWith("# --")) {
        comment = true;
      } else if (key.matches()) {
        int depth = key.group(1).length() / 2;
        path.subList(depth, path.size()).clear();
        path.add(key.group(2));
        String joined = String.join(".", path);
        keys.add(joined);
        if (comment) {
          documented.add(joined);
        }
        comment = false;
      }
    }
    assertThat(keys)
        .as("every value, or the object it belongs to, has a '# --' comment")
        .allMatch(
            key ->
                documented.stream()
                    .anyMatch(
                        doc ->
                            key.equals(doc)
                                || key.startsWith(doc + ".")
                                || doc.startsWith(key + ".")));
    String readme = Files.readString(HelmChart.DIRECTORY.resolve("README.md"));
    String valuesSection = readme.substring(readme.indexOf("\n## Values\n"));
    valuesSection = valuesSection.substring(0, valuesSection.indexOf("\n## ", 1));
    Matcher row = README_ROW.matcher(valuesSection);
    Set<String> listed = new LinkedHashSet<>();
    while (row.find()) {
      listed.add(row.group(1));
    }
    assertThat(listed).as("the README's values table").containsExactlyElementsOf(documented);
  }

  @Test
  void defaultsRunTwoHardenedReplicasWithLeaderElectionAndWatchAllNamespaces() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of());

    Deployment deployment = chart.one(Deployment.class, NAME);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo(NAME);
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("taskoverflow-operator:0.1.0");
    assertThat(operator.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(plainEnv(operator))
        .containsExactly(
            Map.entry("WATCH_NAMESPACES", ""),
            Map.entry("TODO_IMAGE", "taskoverflow-todo:0.1.0"),
            Map.entry("POSTGRES_IMAGE", "postgres:17-alpine"),
            Map.entry("DEFAULT_IMAGE_ROLLOUT_MAX_IN_PROGRESS", "5"),
            Map.entry("IMAGE_PULL_SECRETS", ""),
            Map.entry("RECONCILE_CONCURRENCY", "10"),
            Map.entry("LEADER_ELECTION", "true"),
            Map.entry("HEALTH_PORT", "8080"),
            Map.entry("NETWORK_POLICIES", "true"),
            Map.entry("APP_INGRESS_NAMESPACES", ""),
            Map.entry("METRICS_SCRAPER_NAMESPACES", ""),
            Map.entry("RDS_POLL_FAST_SECONDS", "15"),
            Map.entry("RDS_POLL_SLOW_SECONDS", "120"));
    assertThat(operator.getEnv())
        .filteredOn(env -> env.getName().equals("OPERATOR_NAMESPACE"))
        .singleElement()
        .satisfies(
            env ->
                assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
    assertHardened(pod, operator);
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getPorts().get(0).getContainerPort()).isEqualTo(8080);

    OperatorConfig config = operatorConfig(deployment, NAMESPACE);
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.namespace()).isEqualTo(NAMESPACE);
    assertThat(config.networkPolicies().enabled()).isTrue();
    assertThat(config.networkPolicies().appIngressNamespaces()).isEmpty();
    assertThat(config.networkPolicies().metricsScraperNamespaces()).isEmpty();
    assertThat(config.imagePullSecrets()).isEmpty();

    assertThat(rules(chart.one(ClusterRole.class, NAME).getRules()))
        .containsExactlyElementsOf(OPERATOR_RULES);
    ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class, NAME);
    assertThat(binding.getRoleRef().getName()).isEqualTo(NAME);
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo(NAME);
              assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
            });
    Role leaderElection = chart.one(Role.class, NAME + "-leader-election");
    assertThat(leaderElection.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(rules(leaderElection.getRules())).containsExactlyElementsOf(LEADER_ELECTION_RULES);
    assertThat(chart.one(RoleBinding.class, NAME + "-leader-election").getRoleRef().getName())
        .isEqualTo(leaderElection.getMetadata().getName());
    Role ca = chart.one(Role.class, NAME + "-ca");
    assertThat(ca.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(rules(ca.getRules()))
        .as("the CA's Secret: made once, then read by name, in the release namespace only")
        .containsExactly("/secrets: create", "/secrets[taskoverflow-operator-ca]: get");
    assertThat(chart.all(Role.class)).hasSize(2);
    assertThat(chart.only(ServiceAccount.class).getMetadata().getName()).isEqualTo(NAME);

    Service metrics = chart.one(Service.class, NAME + "-metrics");
    assertThat(metrics.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(metrics.getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo("http-metrics");
    assertThat(chart.only(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal())
        .isEqualTo(1);
    assertThat(chart.ofKind("ServiceMonitor")).isEmpty();
    assertThat(chart.ofKind("PodMonitor")).isEmpty();
  }

  @Test
  void noRuleGrantsEverythingAndNoRuleReachesBeyondTheOperatorsResources() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of("watchNamespaces[0]", "team-a"));
    Stream<PolicyRule> allRules =
        Stream.concat(
            chart.all(ClusterRole.class).stream().flatMap(role -> role.getRules().stream()),
            chart.all(Role.class).stream().flatMap(role -> role.getRules().stream()));

    assertThat(allRules.toList())
        .isNotEmpty()
        .allSatisfy(
            rule -> {
              assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
              assertThat(rule.getResources())
                  .doesNotContain("*", "pods/exec", "pods/log", "roles", "rolebindings");
              if (rule.getResources().contains("pods")) {
                // Read for the ready conditions' reasons; never written.
                assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
              }
              assertThat(rule.getApiGroups()).doesNotContain("*");
              assertThat(rule.getNonResourceURLs()).isEmpty();
            });
  }

  /** Kinds whose objects have no namespace; every other object the chart renders must have one. */
  private static final Set<String> CLUSTER_SCOPED_KINDS =
      Set.of(
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "MutatingAdmissionPolicy",
          "MutatingAdmissionPolicyBinding",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration",
          "APIService",
          "Namespace",
          "PriorityClass",
          "StorageClass",
          "IngressClass",
          "RuntimeClass",
          "PersistentVolume");

  /**
   * The README's table "Cluster-scoped objects this chart creates" and the templates agree: the
   * defaults render exactly the objects it lists, and each value it names removes its row's objects
   * ({@code key=value}, or a list value "set").
   */
  @Test
  void theClusterScopedObjectsAreExactlyThoseTheReadmeLists() throws IOException {
    String readme = Files.readString(HelmChart.DIRECTORY.resolve("README.md"));
    String section =
        readme.substring(readme.indexOf("\n## Cluster-scoped objects this chart creates\n"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Pattern tableRow = Pattern.compile("(?m)^\\| ([A-Z][^|]*) \\| ([^|]*) \\| ([^|]*) \\|$");
    Pattern backticked = Pattern.compile("`([^`]+)`");
    Map<Set<String>, Map<String, String>> rows = new LinkedHashMap<>();
    Matcher row = tableRow.matcher(section);
    while (row.find()) {
      Set<String> objects = new TreeSet<>();
      for (String kind : row.group(1).split(", ")) {
        Matcher name = backticked.matcher(row.group(2));
        while (name.find()) {
          objects.add(kind.strip() + "/" + name.group(1).replace("<fullname>", NAME));
        }
      }
      Map<String, String> switches = new LinkedHashMap<>();
      Matcher setting = Pattern.compile("`([\\w.]+)(=(\\w+)`|` set)").matcher(row.group(3));
      while (setting.find()) {
        if (setting.group(3) != null) {
          switches.put(setting.group(1), setting.group(3));
        } else {
          switches.put(setting.group(1) + "[0]", "team-a");
        }
      }
      assertThat(switches).as("how to turn off %s", objects).isNotEmpty();
      rows.put(objects, switches);
    }
    assertThat(rows).as("rows of the README's table").hasSizeGreaterThanOrEqualTo(4);
    Set<String> listed = new TreeSet<>();
    rows.keySet().forEach(listed::addAll);

    assertThat(clusterScoped(HelmChart.template(NAMESPACE, Map.of())))
        .as("the cluster-scoped objects of the defaults")
        .isEqualTo(listed);
    Map<String, String> allOff = new LinkedHashMap<>();
    rows.forEach(
        (objects, switches) ->
            switches.forEach(
                (key, value) -> {
                  Set<String> rendered =
                      clusterScoped(HelmChart.template(NAMESPACE, Map.of(key, value)));
                  assertThat(rendered)
                      .as("with %s=%s", key, value)
                      .doesNotContainAnyElementsOf(objects);
                  Set<String> others = new TreeSet<>(listed);
                  others.removeAll(objects);
                  assertThat(rendered)
                      .as("with %s=%s, only those listed", key, value)
                      .isSubsetOf(others);
                  if (!key.endsWith("]")) {
                    allOff.put(key, value);
                  }
                }));
    allOff.put("watchNamespaces[0]", "team-a");
    assertThat(clusterScoped(HelmChart.template(NAMESPACE, allOff)))
        .as("with %s nothing is cluster-scoped", allOff)
        .isEmpty();
  }

  /** The rendered objects without a namespace, as {@code Kind/name}. */
  private static Set<String> clusterScoped(Rendered chart) {
    Set<String> clusterScoped = new TreeSet<>();
    for (HasMetadata object : chart.objects()) {
      boolean noNamespace = object.getMetadata().getNamespace() == null;
      assertThat(noNamespace)
          .as(
              "%s %s has a namespace exactly when its kind is namespaced",
              object.getKind(), object.getMetadata().getName())
          .isEqualTo(CLUSTER_SCOPED_KINDS.contains(object.getKind()));
      if (noNamespace) {
        clusterScoped.add(object.getKind() + "/" + object.getMetadata().getName());
      }
    }
    return clusterScoped;
  }

  @Test
  void theCrdIsTheGeneratedOneKeptOnUninstall() throws IOException {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of());

    CustomResourceDefinition crd = chart.only(CustomResourceDefinition.class);
    assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    CustomResourceDefinition generated =
        new KubernetesSerialization()
            .unmarshal(Files.readString(RunningOperator.CRD), CustomResourceDefinition.class);
    assertThat(crd.getMetadata().getName()).isEqualTo(generated.getMetadata().getName());
    assertThat(crd.getSpec())
        .as("the chart's CRD is the one the crd module generates; run mvn -pl crd package")
        .isEqualTo(generated.getSpec());

    Rendered notKept = HelmChart.template(NAMESPACE, Map.of("crds.keep", "false"));
    assertThat(notKept.only(CustomResourceDefinition.class).getMetadata().getAnnotations())
        .isNullOrEmpty();
    Rendered managedElsewhere = HelmChart.template(NAMESPACE, Map.of("crds.enabled", "false"));
    assertThat(managedElsewhere.all(CustomResourceDefinition.class)).isEmpty();
  }

  @Test
  void watchedNamespacesGetOneRoleEachAndTheOperatorNoClusterWideAccess() {
    Rendered chart =
        HelmChart.template(
            NAMESPACE, Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));

    Deployment deployment = chart.one(Deployment.class, NAME);
    assertThat(plainEnv(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("WATCH_NAMESPACES", "team-a,team-b");
    assertThat(operatorConfig(deployment, NAMESPACE).watchNamespaces())
        .containsExactlyInAnyOrder("team-a", "team-b");

    List<Role> namespaceRoles =
        chart.all(Role.class).stream()
            .filter(role -> role.getMetadata().getName().equals(NAME))
            .toList();
    assertThat(namespaceRoles)
        .extracting(role -> role.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(namespaceRoles)
        .allSatisfy(role -> assertThat(rules(role.getRules())).isEqualTo(OPERATOR_RULES));
    assertThat(chart.all(RoleBinding.class))
        .extracting(binding -> binding.getMetadata().getNamespace())
        .as("the watched namespaces', the Lease's and the CA's")
        .containsExactlyInAnyOrder("team-a", "team-b", NAMESPACE, NAMESPACE);
    assertThat(chart.all(RoleBinding.class))
        .allSatisfy(
            binding ->
                assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(NAMESPACE));
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(chart.all(ClusterRole.class))
        .as("only the aggregated roles for people, bound to nobody by the chart")
        .extracting(role -> role.getMetadata().getName())
        .containsExactlyInAnyOrder(NAME + "-view", NAME + "-edit");
  }

  @Test
  void theTerraformHelmLineBecomesTheOperatorsImagesAndAwsSettings() {
    Map<String, String> terraformLine = new LinkedHashMap<>();
    terraformLine.put("image.repository", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/op");
    terraformLine.put("image.tag", "3f9c2a7b1d0e");
    terraformLine.put(
        "todoApp.image.repository", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/todo");
    terraformLine.put("todoApp.image.tag", "a1b2c3d4e5f6");
    terraformLine.put("aws.region", "eu-west-1");
    terraformLine.put("aws.rds.subnetGroupName", "taskoverflow-rds");
    terraformLine.put("aws.rds.securityGroupIds[0]", "sg-0123456789abcdef0");
    terraformLine.put("aws.rds.securityGroupIds[1]", "sg-0fedcba987654321f");
    terraformLine.put("aws.endpointOverride", "http://moto.test:5000");
    terraformLine.put(
        "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn",
        "arn:aws:iam::123456789012:role/taskoverflow-operator");

    Rendered chart = HelmChart.template(NAMESPACE, terraformLine);

    Deployment deployment = chart.one(Deployment.class, NAME);
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage())
        .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/op:3f9c2a7b1d0e");
    assertThat(plainEnv(operator))
        .containsEntry(
            "TODO_IMAGE", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/todo:a1b2c3d4e5f6")
        .containsEntry("AWS_REGION", "eu-west-1")
        .containsEntry("RDS_SUBNET_GROUP", "taskoverflow-rds")
        .containsEntry("RDS_SECURITY_GROUP_IDS", "sg-0123456789abcdef0,sg-0fedcba987654321f")
        .containsEntry("AWS_ENDPOINT_OVERRIDE", "http://moto.test:5000");
    assertThat(chart.only(ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry(
            "eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/taskoverflow-operator");
  }

  @Test
  void networkPoliciesFollowTheValuesAndTheOperatorKeepsItsRightsToDeleteThem() {
    Rendered chart =
        HelmChart.template(
            NAMESPACE,
            Map.of(
                "networkPolicies.enabled", "false",
                "networkPolicies.appIngressNamespaces[0]", "ingress-nginx",
                "networkPolicies.appIngressNamespaces[1]", "monitoring"));

    Deployment deployment = chart.one(Deployment.class, NAME);
    assertThat(plainEnv(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("NETWORK_POLICIES", "false")
        .containsEntry("APP_INGRESS_NAMESPACES", "ingress-nginx,monitoring");
    OperatorConfig config = operatorConfig(deployment, NAMESPACE);
    assertThat(config.networkPolicies().enabled()).isFalse();
    assertThat(config.networkPolicies().appIngressNamespaces())
        .containsExactly("ingress-nginx", "monitoring");
    assertThat(rules(chart.one(ClusterRole.class, NAME).getRules()))
        .as("switched off, the operator deletes the policies it made")
        .containsExactlyElementsOf(OPERATOR_RULES);
  }

  @Test
  void theTodoPodMonitorScrapesEveryTaskOverflowsPodsOnTheirMetricsPort() {
    Rendered chart =
        HelmChart.template(
            NAMESPACE,
            Map.of(
                "metrics.todoPodMonitor.enabled", "true",
                "metrics.todoPodMonitor.labels.release", "prometheus",
                "metrics.todoPodMonitor.interval", "15s",
                "networkPolicies.metricsScraperNamespaces[0]", "monitoring"));

    GenericKubernetesResource monitor =
        (GenericKubernetesResource) chart.ofKind("PodMonitor").get(0);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.<Boolean>get("spec", "namespaceSelector", "any")).isTrue();
    assertThat(monitor.<Map<String, String>>get("spec", "selector", "matchLabels"))
        .as("the labels the operator gives every todo pod, and only todo pods")
        .isEqualTo(
            Map.of(
                "app.kubernetes.io/name", "taskoverflow",
                "app.kubernetes.io/component", "app",
                "app.kubernetes.io/managed-by", "taskoverflow-operator"));
    Map<String, Object> endpoint =
        monitor.<List<Map<String, Object>>>get("spec", "podMetricsEndpoints").get(0);
    assertThat(endpoint)
        .containsEntry("port", "metrics")
        .containsEntry("path", "/metrics")
        .containsEntry("interval", "15s")
        .containsEntry("scrapeTimeout", "10s");
    assertThat(endpoint.get("relabelings"))
        .isEqualTo(
            List.of(
                Map.of(
                    "sourceLabels",
                    List.of("__meta_kubernetes_namespace"),
                    "targetLabel",
                    "namespace"),
                Map.of(
                    "sourceLabels",
                    List.of("__meta_kubernetes_pod_label_app_kubernetes_io_instance"),
                    "targetLabel",
                    "taskoverflow")));
    assertThat(
            plainEnv(
                chart
                    .one(Deployment.class, NAME)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)))
        .as("the NetworkPolicies admit the scrapers")
        .containsEntry("METRICS_SCRAPER_NAMESPACES", "monitoring");
  }

  @Test
  void theTodoPodMonitorFollowsTheWatchedNamespaces() {
    GenericKubernetesResource monitor =
        (GenericKubernetesResource)
            HelmChart.template(
                    NAMESPACE,
                    Map.of(
                        "metrics.todoPodMonitor.enabled", "true",
                        "networkPolicies.enabled", "false",
                        "watchNamespaces[0]", "team-a",
                        "watchNamespaces[1]", "team-b"))
                .ofKind("PodMonitor")
                .get(0);

    assertThat(monitor.<Map<String, Object>>get("spec", "namespaceSelector"))
        .isEqualTo(Map.of("matchNames", List.of("team-a", "team-b")));
  }

  @Test
  void aTodoPodMonitorWhoseScrapesThePoliciesWouldRefuseIsRefused() {
    assertRefused(
        Map.of("metrics.todoPodMonitor.enabled", "true"),
        "metrics.todoPodMonitor.enabled needs networkPolicies.metricsScraperNamespaces");
  }

  @Test
  void awsSettingsLeftEmptyAreNotPassedOn() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of());

    Container operator =
        chart.one(Deployment.class, NAME).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(plainEnv(operator))
        .as("an empty AWS_REGION would hide the SDK's own region chain")
        .doesNotContainKeys(
            "AWS_REGION",
            "AWS_ENDPOINT_OVERRIDE",
            "RDS_SUBNET_GROUP",
            "RDS_SECURITY_GROUP_IDS",
            "RDS_CA_BUNDLE_FILE");
  }

  @Test
  void anotherRdsCaBundleIsMountedFromItsConfigMapAndNamedToTheOperator() {
    Rendered chart =
        HelmChart.template(
            NAMESPACE,
            Map.of(
                "aws.rds.caBundle.configMapName", "rds-govcloud-ca",
                "aws.rds.caBundle.key", "us-gov-west-1-bundle.pem"));

    PodSpec pod = chart.one(Deployment.class, NAME).getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);
    assertThat(plainEnv(operator))
        .containsEntry("RDS_CA_BUNDLE_FILE", "/etc/taskoverflow/rds-ca/ca-bundle.pem");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/etc/taskoverflow/rds-ca");
              assertThat(mount.getReadOnly()).isTrue();
            });
    var volume =
        pod.getVolumes().stream().filter(v -> v.getName().equals("rds-ca")).findFirst().get();
    assertThat(volume.getConfigMap().getName()).isEqualTo("rds-govcloud-ca");
    assertThat(volume.getConfigMap().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getKey()).isEqualTo("us-gov-west-1-bundle.pem");
              assertThat(item.getPath()).isEqualTo("ca-bundle.pem");
            });
  }

  @Test
  void schedulingResourcesAndMonitoringFollowTheValues() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("replicaCount", "1");
    values.put("image.digest", "sha256:" + "ab".repeat(32));
    values.put("nodeSelector.kubernetes\\.io/os", "linux");
    values.put("tolerations[0].key", "dedicated");
    values.put("tolerations[0].operator", "Exists");
    values.put("resources.limits.memory", "1Gi");
    values.put("priorityClassName", "system-cluster-critical");
    values.put("extraEnv[0].name", "JAVA_TOOL_OPTIONS");
    values.put("extraEnv[0].value", "-XX:MaxRAMPercentage=60");
    values.put("metrics.serviceMonitor.enabled", "true");
    values.put("metrics.serviceMonitor.labels.release", "prometheus");
    values.put("aws.rds.pollSlowSeconds", "300");

    Rendered chart = HelmChart.template(NAMESPACE, values);

    Deployment deployment = chart.one(Deployment.class, NAME);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("taskoverflow-operator@sha256:" + "ab".repeat(32));
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations().get(0).getKey()).isEqualTo("dedicated");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(operator.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    assertThat(plainEnv(operator))
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=60")
        .containsEntry("RDS_POLL_FAST_SECONDS", "15")
        .containsEntry("RDS_POLL_SLOW_SECONDS", "300");
    assertThat(chart.all(PodDisruptionBudget.class))
        .as("a PodDisruptionBudget would block every drain of a single replica")
        .isEmpty();
    HasMetadata monitor = chart.ofKind("ServiceMonitor").get(0);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
  }

  /**
   * What the dashboard and alerts hold is checked by scripts/test-alerts.sh with promtool; here,
   * that they are off by default and ship the chart's files with the values' metadata.
   */
  @Test
  void theDashboardAndTheAlertsAreOptionalAndShipTheChartsFiles() throws IOException {
    assertThat(HelmChart.template(NAMESPACE, Map.of()).objects())
        .noneMatch(o -> o.getKind().equals("PrometheusRule") || o instanceof ConfigMap);

    Map<String, String> values = new LinkedHashMap<>();
    values.put("metrics.prometheusRule.enabled", "true");
    values.put("metrics.prometheusRule.labels.release", "prometheus");
    values.put("metrics.grafanaDashboard.enabled", "true");
    values.put("metrics.grafanaDashboard.namespace", "monitoring");
    values.put("metrics.grafanaDashboard.annotations.grafana_folder", "TaskOverflow");
    Rendered chart = HelmChart.template(NAMESPACE, values);

    ConfigMap dashboard = chart.one(ConfigMap.class, NAME + "-dashboard");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "TaskOverflow");
    assertThat(dashboard.getData().get("taskoverflow.json"))
        .isEqualTo(
            Files.readString(HelmChart.DIRECTORY.resolve("files/grafana-dashboard.json")).strip());

    assertThat(chart.ofKind("PrometheusRule"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
              assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
              String spec =
                  new KubernetesSerialization()
                      .asYaml(
                          ((GenericKubernetesResource) rule).getAdditionalProperties().get("spec"));
              assertThat(spec)
                  .as("Prometheus' templating passes through Helm's")
                  .contains("{{ $labels.namespace }}")
                  .doesNotContain("{{`")
                  .as("the operator's series, by the job the ServiceMonitor scrapes them as")
                  .contains("job=\"" + NAME + "-metrics\", namespace=\"" + NAMESPACE + "\"");
            });
  }

  @Test
  void theRdsLimitsApplyByDefaultInEveryNamespaceAndFailClosed() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of());

    ValidatingAdmissionPolicy policy = tenantLimitsInEveryNamespace(chart, NAME + "-rds-limits");
    assertThat(limits(policy))
        .containsExactly(
            Map.entry(
                "allowedInstanceClasses",
                "[\"db.t3.micro\",\"db.t3.small\",\"db.t4g.micro\",\"db.t4g.small\"]"),
            Map.entry("maxStorageGiB", "100"),
            Map.entry("requireEncryption", "true"),
            Map.entry("allowedSubnetGroups", "[]"),
            Map.entry("allowedSecurityGroupIds", "[]"));
    assertThat(variable(policy, "refused"))
        .as("every limit is part of the one refusal")
        .contains(
            "instanceClassRefused",
            "allocatedStorageRefused",
            "maxAllocatedStorageRefused",
            "storageEncryptedRefused",
            "subnetGroupNameRefused",
            "securityGroupIdsRefused");
  }

  @Test
  void theRdsLimitsFollowTheValuesAndTheWatchedAndExemptNamespaces() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("tenantLimits.rds.allowedInstanceClasses[0]", "db.m6g.large");
    values.put("tenantLimits.rds.maxStorageGiB", "500");
    values.put("tenantLimits.rds.requireEncryption", "false");
    values.put("tenantLimits.rds.allowedSubnetGroups[0]", "team-a-db");
    values.put("tenantLimits.rds.allowedSecurityGroupIds[0]", "sg-0123456789abcdef0");
    values.put("tenantLimits.rds.allowedSecurityGroupIds[1]", "sg-0fedcba987654321f");
    values.put("tenantLimits.rds.exemptNamespaces[0]", "platform");
    values.put("watchNamespaces[0]", "team-a");
    values.put("watchNamespaces[1]", "platform");

    Rendered chart = HelmChart.template("team", NAMESPACE, values);

    ValidatingAdmissionPolicy policy =
        chart.one(ValidatingAdmissionPolicy.class, "team-" + NAME + "-rds-limits");
    assertThat(limits(policy))
        .containsExactly(
            Map.entry("allowedInstanceClasses", "[\"db.m6g.large\"]"),
            Map.entry("maxStorageGiB", "500"),
            Map.entry("requireEncryption", "false"),
            Map.entry("allowedSubnetGroups", "[\"team-a-db\"]"),
            Map.entry(
                "allowedSecurityGroupIds", "[\"sg-0123456789abcdef0\",\"sg-0fedcba987654321f\"]"));
    assertThat(namespaceSelector(chart, "team-" + NAME + "-rds-limits"))
        .containsExactly(
            "kubernetes.io/metadata.name In team-a,platform",
            "kubernetes.io/metadata.name NotIn platform");
  }

  /** Annotations that run code in a controller or reach beyond the tenant's own objects. */
  private static final List<String> DANGEROUS_ANNOTATIONS =
      List.of(
          "nginx.ingress.kubernetes.io/configuration-snippet",
          "nginx.ingress.kubernetes.io/server-snippet",
          "nginx.ingress.kubernetes.io/auth-snippet",
          "alb.ingress.kubernetes.io/group.name",
          "alb.ingress.kubernetes.io/security-groups",
          "service.beta.kubernetes.io/aws-load-balancer-security-groups",
          "service.beta.kubernetes.io/aws-load-balancer-extra-security-groups",
          "service.beta.kubernetes.io/aws-load-balancer-subnets",
          "external-dns.alpha.kubernetes.io/hostname");

  @Test
  void theAnnotationAllowlistAppliesByDefaultFailsClosedAndAllowsNothingDangerous() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of());

    ValidatingAdmissionPolicy policy =
        tenantLimitsInEveryNamespace(chart, NAME + "-annotation-limits");
    List<String> ingress = jsonList(variable(policy, "allowedIngressAnnotations"));
    List<String> service = jsonList(variable(policy, "allowedServiceAnnotations"));
    assertThat(ingress)
        .as("an internet-facing ALB to the pods' IPs, as the README and the RDS example show it")
        .contains(
            "alb.ingress.kubernetes.io/scheme",
            "alb.ingress.kubernetes.io/target-type",
            "cert-manager.io/cluster-issuer")
        .doesNotContainAnyElementsOf(DANGEROUS_ANNOTATIONS)
        .noneMatch(key -> key.endsWith("-snippet"));
    assertThat(service)
        .contains(
            "service.beta.kubernetes.io/aws-load-balancer-type",
            "service.beta.kubernetes.io/aws-load-balancer-internal")
        .doesNotContainAnyElementsOf(DANGEROUS_ANNOTATIONS)
        .noneMatch(key -> key.endsWith("-snippet"));
    assertThat(variable(policy, "refused")).contains("ingressRefused", "serviceRefused");
  }

  @Test
  void theAnnotationAllowlistFollowsTheValuesAndTheWatchedAndExemptNamespaces() {
    Rendered chart =
        HelmChart.template(
            "team",
            NAMESPACE,
            Map.of(
                "tenantLimits.annotations.allowedIngressAnnotations[0]", "example.com/a",
                "tenantLimits.annotations.exemptNamespaces[0]", "platform",
                "watchNamespaces[0]", "team-a",
                "watchNamespaces[1]", "platform"));

    ValidatingAdmissionPolicy policy =
        chart.one(ValidatingAdmissionPolicy.class, "team-" + NAME + "-annotation-limits");
    assertThat(variable(policy, "allowedIngressAnnotations")).isEqualTo("[\"example.com/a\"]");
    assertThat(namespaceSelector(chart, "team-" + NAME + "-annotation-limits"))
        .containsExactly(
            "kubernetes.io/metadata.name In team-a,platform",
            "kubernetes.io/metadata.name NotIn platform");
  }

  @Test
  void theOperatorsBoundsNameItsServiceAccountAndFailClosed() {
    Rendered chart =
        HelmChart.template(
            NAMESPACE,
            Map.of("operatorBounds.labelWriters[0]", "system:serviceaccount:velero:velero"));
    String serviceAccount = "\"system:serviceaccount:" + NAMESPACE + ":" + NAME + "\"";

    ValidatingAdmissionPolicy label =
        chart.one(ValidatingAdmissionPolicy.class, NAME + "-managed-by-label");
    assertThat(label.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(label.getSpec().getMatchConditions())
        .extracting(condition -> condition.getExpression())
        .anySatisfy(
            expression ->
                assertThat(expression).isEqualTo("request.userInfo.username != " + serviceAccount))
        .anySatisfy(
            expression ->
                assertThat(expression).contains("\"system:serviceaccount:velero:velero\""));
    ValidatingAdmissionPolicy writes =
        chart.one(ValidatingAdmissionPolicy.class, NAME + "-operator-writes");
    assertThat(writes.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(writes.getSpec().getMatchConditions())
        .singleElement()
        .satisfies(
            condition ->
                assertThat(condition.getExpression())
                    .isEqualTo("request.userInfo.username == " + serviceAccount));
    assertThat(
            chart
                .one(ValidatingAdmissionPolicyBinding.class, NAME + "-managed-by-label")
                .getSpec()
                .getMatchResources())
        .as("every namespace, as the operator watches every one")
        .isNull();
  }

  @Test
  void withWatchedNamespacesTheLabelIsReservedThereAndTheOperatorWritesOnlyThere() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of("watchNamespaces[0]", "team-a"));

    assertThat(namespaceSelector(chart, NAME + "-managed-by-label"))
        .containsExactly("kubernetes.io/metadata.name In team-a");
    assertThat(
            variable(
                chart.one(ValidatingAdmissionPolicy.class, NAME + "-operator-writes"),
                "watchNamespaces"))
        .isEqualTo("[\"team-a\"]");
  }

  @Test
  void theOperatorsBoundsCanBeTurnedOff() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of("operatorBounds.enabled", "false"));

    assertThat(chart.all(ValidatingAdmissionPolicy.class))
        .extracting(policy -> policy.getMetadata().getName())
        .containsExactlyInAnyOrder(NAME + "-rds-limits", NAME + "-annotation-limits");
  }

  @Test
  void theDeployedPodsPullSecretsReachTheOperatorButNotItsOwnPod() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("taskOverflowImagePullSecrets[0].name", "registry-b");
    values.put("taskOverflowImagePullSecrets[1].name", "registry-a");

    Deployment deployment = HelmChart.template(NAMESPACE, values).one(Deployment.class, NAME);

    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(plainEnv(operator)).containsEntry("IMAGE_PULL_SECRETS", "registry-b,registry-a");
    assertThat(operatorConfig(deployment, NAMESPACE).imagePullSecrets())
        .containsExactly("registry-b", "registry-a");
    assertThat(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .as("the operator's own image is pulled with imagePullSecrets, in its own namespace")
        .isEmpty();
  }

  @Test
  void byDefaultTheReplicasPreferDifferentNodes() {
    Deployment deployment = HelmChart.template(NAMESPACE, Map.of()).one(Deployment.class, NAME);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(pod.getAffinity()).isNull();
    assertThat(pod.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(
            spread -> {
              assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
              assertThat(spread.getWhenUnsatisfiable())
                  .as("a single node still runs both replicas")
                  .isEqualTo("ScheduleAnyway");
              assertThat(spread.getMaxSkew()).isEqualTo(1);
              assertThat(spread.getLabelSelector().getMatchLabels())
                  .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
              assertThat(spread.getMatchLabelKeys()).containsExactly("pod-template-hash");
            });
  }

  @Test
  void theUsersAffinityOrSpreadReplacesTheDefaultSpread() {
    Map<String, String> spread = new LinkedHashMap<>();
    spread.put("topologySpreadConstraints[0].maxSkew", "1");
    spread.put("topologySpreadConstraints[0].topologyKey", "topology.kubernetes.io/zone");
    spread.put("topologySpreadConstraints[0].whenUnsatisfiable", "DoNotSchedule");
    PodSpec withSpread = podSpec(spread);
    assertThat(withSpread.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(
            constraint ->
                assertThat(constraint.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));

    Map<String, String> affinity = new LinkedHashMap<>();
    affinity.put(
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            + ".nodeSelectorTerms[0].matchExpressions[0].key",
        "kubernetes.io/os");
    affinity.put(
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            + ".nodeSelectorTerms[0].matchExpressions[0].operator",
        "Exists");
    PodSpec withAffinity = podSpec(affinity);
    assertThat(withAffinity.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(withAffinity.getTopologySpreadConstraints()).isEmpty();

    assertThat(podSpec(Map.of("replicaCount", "1")).getTopologySpreadConstraints())
        .as("nothing to spread")
        .isEmpty();
  }

  @Test
  void onTheHostNetworkReplicasKeepToNodesOfTheirOwnAndResolveServices() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of("hostNetwork", "true"));

    PodSpec pod = chart.one(Deployment.class, NAME).getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(term -> assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    assertThat(pod.getTopologySpreadConstraints())
        .as("the required anti-affinity already keeps the replicas apart")
        .isEmpty();
    assertThat(
            podSpec(Map.of("hostNetwork", "true", "topologySpreadConstraints[0].maxSkew", "2"))
                .getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .as("a spread of the user's own keeps the required anti-affinity of the host network")
        .hasSize(1);
    assertThat(
            HelmChart.template(NAMESPACE, Map.of())
                .one(Deployment.class, NAME)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getHostNetwork())
        .as("off by default")
        .isNull();
  }

  @Test
  void everyImageCanBePinnedByDigest() {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    Rendered chart =
        HelmChart.template(
            NAMESPACE,
            Map.of(
                "image.digest", digest,
                "todoApp.image.digest", digest,
                "postgres.image.digest", digest));

    Container operator =
        chart.one(Deployment.class, NAME).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("taskoverflow-operator@" + digest);
    assertThat(plainEnv(operator))
        .containsEntry("TODO_IMAGE", "taskoverflow-todo@" + digest)
        .containsEntry("POSTGRES_IMAGE", "postgres@" + digest);
  }

  @Test
  void theRdsLimitsCanBeTurnedOff() {
    Rendered chart = HelmChart.template(NAMESPACE, Map.of("tenantLimits.rds.enabled", "false"));

    assertThat(chart.all(ValidatingAdmissionPolicy.class))
        .extracting(policy -> policy.getMetadata().getName())
        .containsExactlyInAnyOrder(
            NAME + "-managed-by-label", NAME + "-operator-writes", NAME + "-annotation-limits");
    assertThat(chart.all(ValidatingAdmissionPolicyBinding.class))
        .extracting(binding -> binding.getMetadata().getName())
        .containsExactlyInAnyOrder(
            NAME + "-managed-by-label", NAME + "-operator-writes", NAME + "-annotation-limits");
  }

  @Test
  void theAnnotationAllowlistCanBeTurnedOff() {
    Rendered chart =
        HelmChart.template(NAMESPACE, Map.of("tenantLimits.annotations.enabled", "false"));

    assertThat(chart.all(ValidatingAdmissionPolicy.class))
        .extracting(policy -> policy.getMetadata().getName())
        .doesNotContain(NAME + "-annotation-limits")
        .contains(NAME + "-rds-limits");
    assertThat(chart.all(ValidatingAdmissionPolicyBinding.class))
        .extracting(binding -> binding.getMetadata().getName())
        .doesNotContain(NAME + "-annotation-limits");
  }

  @Test
  void valuesOutsideTheSchemaAreRefusedWithTheirPath() {
    assertRefused(Map.of("replicas", "3"), "additional properties 'replicas' not allowed");
    assertRefused(Map.of("watchNamespaces[0]", "Team_A"), "/watchNamespaces/0");
    assertRefused(Map.of("aws.rds.securityGroupIds[0]", "web"), "/aws/rds/securityGroupIds/0");
    assertRefused(Map.of("aws.region", "Europe"), "/aws/region");
    assertRefused(Map.of("image.pullPolicy", "Sometimes"), "/image/pullPolicy");
    assertRefused(Map.of("reconcileConcurrency", "0"), "/reconcileConcurrency");
    assertRefused(Map.of("aws.rds.pollFastSeconds", "0"), "/aws/rds/pollFastSeconds");
    assertRefused(
        Map.of("tenantLimits.rds.maxStorageGiB", "10"), "/tenantLimits/rds/maxStorageGiB");
    assertRefused(
        Map.of("tenantLimits.rds.allowedInstanceClasses[0]", "r6g.large"),
        "/tenantLimits/rds/allowedInstanceClasses/0");
    assertRefused(
        Map.of("tenantLimits.rds.allowedSecurityGroupIds[0]", "web"),
        "/tenantLimits/rds/allowedSecurityGroupIds/0");
    assertRefused(
        Map.of("tenantLimits.rds.exemptNamespaces[0]", "Team_A"),
        "/tenantLimits/rds/exemptNamespaces/0");
    assertRefused(
        Map.of("tenantLimits.annotations.allowedIngressAnnotations[0]", "snippet please"),
        "/tenantLimits/annotations/allowedIngressAnnotations/0");
    assertRefused(
        Map.of("tenantLimits.annotations.allowedServiceAnnotations[0]", "/no-name"),
        "/tenantLimits/annotations/allowedServiceAnnotations/0");
    assertRefused(
        Map.of("tenantLimits.annotations.exemptNamespaces[0]", "Team_A"),
        "/tenantLimits/annotations/exemptNamespaces/0");
    assertRefused(
        Map.of("networkPolicies.appIngressNamespaces[0]", "Ingress_Nginx"),
        "/networkPolicies/appIngressNamespaces/0");
    assertRefused(Map.of("networkPolicies.enabled", "yes"), "/networkPolicies/enabled");
    assertRefused(
        Map.of("networkPolicies.metricsScraperNamespaces[0]", "Monitoring"),
        "/networkPolicies/metricsScraperNamespaces/0");
    assertRefused(
        Map.of("metrics.todoPodMonitor.interval", "often"), "/metrics/todoPodMonitor/interval");
  }

  @Test
  void severalReplicasWithoutLeaderElectionAreRefused() {
    assertRefused(
        Map.of("replicaCount", "2", "leaderElection.enabled", "false"),
        "replicaCount > 1 needs leaderElection.enabled=true");
    Rendered single =
        HelmChart.template(
            NAMESPACE, Map.of("replicaCount", "1", "leaderElection.enabled", "false"));
    assertThat(
            plainEnv(
                single
                    .one(Deployment.class, NAME)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)))
        .containsEntry("LEADER_ELECTION", "false");
    assertThat(single.all(Role.class))
        .extracting(role -> role.getMetadata().getName())
        .as("no Lease, no Role for it: only the CA's")
        .containsExactly(NAME + "-ca");
  }

  private static PodSpec podSpec(Map<String, String> values) {
    return HelmChart.template(NAMESPACE, values)
        .one(Deployment.class, NAME)
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  private static void assertRefused(Map<String, String> values, String message) {
    assertThatThrownBy(() -> HelmChart.template(NAMESPACE, values))
        .as("values %s", values)
        .hasMessageContaining(message);
  }

  /** The configuration the operator reads from the pod's environment, as Main does. */
  static OperatorConfig operatorConfig(Deployment deployment, String namespace) {
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = new LinkedHashMap<>(plainEnv(operator));
    operator.getEnv().stream()
        .filter(var -> var.getValueFrom() != null)
        .forEach(
            var -> {
              // The only field reference the chart uses: the pod's namespace.
              assertThat(var.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.namespace");
              env.put(var.getName(), namespace);
            });
    return OperatorConfig.fromEnv(env);
  }

  /** The policy's variables that carry the chart's limit values, by name, in order. */
  private static Map<String, String> limits(ValidatingAdmissionPolicy policy) {
    Set<String> limitNames =
        Set.of(
            "allowedInstanceClasses",
            "maxStorageGiB",
            "requireEncryption",
            "allowedSubnetGroups",
            "allowedSecurityGroupIds");
    return policy.getSpec().getVariables().stream()
        .filter(variable -> limitNames.contains(variable.getName()))
        .collect(
            Collectors.toMap(
                Variable::getName, Variable::getExpression, (a, b) -> b, LinkedHashMap::new));
  }

  /**
   * The tenant limits policy of that name, checked for what every one shares: it fails closed, it
   * looks at TaskOverflows created or updated, it refuses as Forbidden, and its binding denies in
   * every namespace (the operator watches every one).
   */
  private static ValidatingAdmissionPolicy tenantLimitsInEveryNamespace(
      Rendered chart, String name) {
    ValidatingAdmissionPolicy policy = chart.one(ValidatingAdmissionPolicy.class, name);
    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(policy.getSpec().getMatchConstraints().getResourceRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getApiGroups()).containsExactly("taskoverflow.io");
              assertThat(rule.getResources()).containsExactly("taskoverflows");
              assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
            });
    assertThat(policy.getSpec().getValidations())
        .singleElement()
        .satisfies(validation -> assertThat(validation.getReason()).isEqualTo("Forbidden"));
    ValidatingAdmissionPolicyBinding binding =
        chart.one(ValidatingAdmissionPolicyBinding.class, name);
    assertThat(binding.getSpec().getPolicyName()).isEqualTo(name);
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    assertThat(binding.getSpec().getMatchResources())
        .as("no namespace selector: every namespace, as the operator watches every one")
        .isNull();
    return policy;
  }

  /** The namespace selector of a binding, one {@code key operator values} line per expression. */
  private static List<String> namespaceSelector(Rendered chart, String bindingName) {
    return chart
        .one(ValidatingAdmissionPolicyBinding.class, bindingName)
        .getSpec()
        .getMatchResources()
        .getNamespaceSelector()
        .getMatchExpressions()
        .stream()
        .map(e -> e.getKey() + " " + e.getOperator() + " " + String.join(",", e.getValues()))
        .toList();
  }

  /** A policy variable that holds a JSON list of strings, as the chart renders the lists. */
  private static List<String> jsonList(String expression) {
    return List.of(new KubernetesSerialization().unmarshal(expression, String[].class));
  }

  private static String variable(ValidatingAdmissionPolicy policy, String name) {
    return policy.getSpec().getVariables().stream()
        .filter(variable -> variable.getName().equals(name))
        .map(Variable::getExpression)
        .findFirst()
        .orElseThrow();
  }

  /** Environment variables with a literal value, in order. */
  static Map<String, String> plainEnv(Container container) {
    return container.getEnv().stream()
        .filter(var -> var.getValueFrom() == null)
        .collect(
            Collectors.toMap(
                EnvVar::getName,
                var -> var.getValue() == null ? "" : var.getValue(),
                (a, b) -> b,
                LinkedHashMap::new));
  }

  /** One line per rule: {@code group/resources[names]: verbs}. */
  static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .map(
            rule ->
                String.join(",", rule.getApiGroups())
                    + "/"
                    + String.join(",", rule.getResources())
                    + (rule.getResourceNames().isEmpty()
                        ? ""
                        : "[" + String.join(",", rule.getResourceNames()) + "]")
                    + ": "
                    + String.join(",", rule.getVerbs()))
        .toList();
  }

  private static void assertHardened(PodSpec pod, Container container) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getVolumeMounts())
        .as("the JVM's only writable directory")
        .extracting(mount -> mount.getMountPath())
        .containsExactly("/tmp");
    assertThat(Set.copyOf(pod.getVolumes().stream().map(v -> v.getName()).toList()))
        .containsExactly("tmp");
  }
}
