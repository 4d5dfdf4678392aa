package io.taskoverflow.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.NamespaceGrants;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's bounds on the operator, enforced by a real API server: its two
 * ValidatingAdmissionPolicies as {@code helm install} creates them, for the operator of every
 * namespace. Tenants act as a ServiceAccount that may write Secrets and workloads in their own
 * namespace; the operator as the chart's ServiceAccount.
 */
@ExtendWith(KubeApiServerExtension.class)
class OperatorBoundsIT {

  private static final String RELEASE = "bounds";
  private static final String LABEL = "app.kubernetes.io/managed-by";
  private static final String OPERATOR = "taskoverflow-operator";
  private static final String RESERVED =
      LABEL + "=" + OPERATOR + " is reserved for the TaskOverflow operator";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static SharedKubeApiServer server;
  private static String operatorNamespace;
  private static String serviceAccount;
  private static OperatorConfig chartConfig;
  private static String team;

  private KubernetesClient tenant;
  private KubernetesClient operator;

  @BeforeAll
  static void installTheChart(KubernetesClient admin, SharedKubeApiServer apiServer) {
    server = apiServer;
    RunningOperator.installCrd(admin);
    operatorNamespace = TestNamespaces.create(admin, "bounds-ops");
    team = TestNamespaces.create(admin, "bounds-team");
    // What the built-in edit role grants on these objects (its rules are aggregated by
    // kube-controller-manager, which this API server runs without).
    PolicyRule edit =
        new PolicyRuleBuilder()
            .withApiGroups("", "apps", "batch")
            .withResources("secrets", "services", "deployments", "cronjobs")
            .withVerbs("get", "list", "create", "update", "patch", "delete")
            .build();
    NamespaceGrants.grant(admin, team, "tenant", edit);
    NamespaceGrants.grant(admin, team, "restorer", edit);
    HelmChart.install(
        server,
        RELEASE,
        operatorNamespace,
        Map.of(
            "crds.enabled",
            "false",
            "operatorBounds.labelWriters[0]",
            "system:serviceaccount:" + team + ":restorer"));
    Deployment deployment =
        admin
            .apps()
            .deployments()
            .inNamespace(operatorNamespace)
            .withName(RELEASE + "-taskoverflow-operator")
            .get();
    serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    chartConfig = ChartTest.operatorConfig(deployment, operatorNamespace).withLeaderElection(false);
    try (KubernetesClient asTenant = server.clientAsServiceAccount(team, "tenant");
        KubernetesClient asOperator =
            server.clientAsServiceAccount(operatorNamespace, serviceAccount)) {
      Eventually.await(
          "the label policy is enforced",
          TIMEOUT,
          () -> refused(asTenant, labelled(secret("probe"), OPERATOR), RESERVED));
      Eventually.await(
          "the operator's writes are bounded",
          TIMEOUT,
          () -> refused(asOperator, secret("probe"), "writes only objects that carry the label"));
    }
  }

  @AfterAll
  static void uninstall() {
    if (server != null && serviceAccount != null) {
      HelmChart.uninstall(server, RELEASE, operatorNamespace);
      // The API server drops a deleted policy from its admission a moment later: the ITs that
      // share this server must not meet it.
      try (KubernetesClient asTenant = server.clientAsServiceAccount(team, "tenant")) {
        Eventually.await(
            "the reserved label is free again once the chart is uninstalled",
            TIMEOUT,
            () -> !refused(asTenant, labelled(secret("probe"), OPERATOR), RESERVED));
      }
    }
  }

  @BeforeEach
  void clients() {
    tenant = server.clientAsServiceAccount(team, "tenant");
    operator = server.clientAsServiceAccount(operatorNamespace, serviceAccount);
  }

  @AfterEach
  void closeClients() {
    tenant.close();
    operator.close();
  }

  static Stream<Arguments> forgeries() {
    return Stream.of(
        Arguments.of(
            "a Secret with the label",
            (Function<String, HasMetadata>) name -> labelled(secret(name), OPERATOR),
            "metadata.labels: " + RESERVED + "; only its ServiceAccount may put it on a Secret"),
        Arguments.of(
            "a Deployment whose pods would carry it",
            (Function<String, HasMetadata>) name -> deployment(name, Map.of(LABEL, OPERATOR)),
            "spec.template.metadata.labels: "
                + RESERVED
                + "; only its ServiceAccount may put it on the pods of a Deployment"),
        Arguments.of(
            "a CronJob whose Jobs' pods would carry it",
            (Function<String, HasMetadata>)
                name ->
                    new CronJobBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withSchedule("@daily")
                        .withNewJobTemplate()
                        .withNewSpec()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels(LABEL, OPERATOR)
                        .endMetadata()
                        .withSpec(aPod("Never"))
                        .endTemplate()
                        .endSpec()
                        .endJobTemplate()
                        .endSpec()
                        .build(),
            "spec.jobTemplate.spec.template.metadata.labels: " + RESERVED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgeries")
  void aTenantCannotCreateObjectsThatCarryTheOperatorsLabel(
      String what, Function<String, HasMetadata> forged, String message, KubernetesClient admin) {
    HasMetadata object = forged.apply(uniqueName());

    assertRefused(() -> tenant.resource(object).inNamespace(team).create(), message);

    assertThat(admin.resource(object).inNamespace(team).get()).as("nothing is stored").isNull();
  }

  @Test
  void aTenantCannotAddTheLabelToItsOwnSecretButOtherValuesStayFree() {
    String name = uniqueName();
    tenant.resource(labelled(secret(name), "Helm")).inNamespace(team).create();

    assertRefused(
        () ->
            tenant
                .secrets()
                .inNamespace(team)
                .withName(name)
                .edit(secret -> labelled(secret, OPERATOR)),
        "metadata.labels: " + RESERVED);

    assertThat(tenant.secrets().inNamespace(team).withName(name).get().getMetadata().getLabels())
        .containsEntry(LABEL, "Helm");
  }

  @Test
  void aWriterTheClusterAdminNamedMayBringBackLabelledObjects(KubernetesClient admin) {
    Secret restored = labelled(secret(uniqueName()), OPERATOR);

    try (KubernetesClient restorer = server.clientAsServiceAccount(team, "restorer")) {
      restorer.resource(restored).inNamespace(team).create();
    }

    assertThat(admin.resource(restored).inNamespace(team).get()).isNotNull();
  }

  @Test
  void theOperatorMakesAResourceReadyWithinItsBoundsAndTenantsMayStillChangeWhatItMade(
      KubernetesClient admin) {
    String name = uniqueName();
    try (RunningOperator running = RunningOperator.start(operator, chartConfig)) {
      TaskOverflows.create(admin, team, name, "{}");
      Eventually.await(
          "StatefulSet " + name + "-postgres exists",
          TIMEOUT,
          () ->
              admin.apps().statefulSets().inNamespace(team).withName(name + "-postgres").get()
                  != null);
      Simulated.postgresReady(admin, team, name + "-postgres");
      Eventually.await(
          "Deployment " + name + " exists",
          TIMEOUT,
          () -> admin.apps().deployments().inNamespace(team).withName(name).get() != null);
      Simulated.deploymentReady(admin, team, name);
      TaskOverflows.awaitPhase(admin, team, name, Phase.Ready);
    }

    Secret connection =
        tenant
            .secrets()
            .inNamespace(team)
            .withName(name + "-db")
            .edit(
                secret -> {
                  secret.getMetadata().getAnnotations().put("team.example/note", "reviewed");
                  return secret;
                });
    assertThat(connection.getMetadata().getLabels())
        .as("an object that carries the label already may be changed as RBAC allows")
        .containsEntry(LABEL, OPERATOR);
  }

  @Test
  void theOperatorWritesOnlyLabelledObjectsThatATaskOverflowOwns(KubernetesClient admin) {
    TaskOverflow owner = TaskOverflows.create(admin, team, uniqueName(), "{}");

    assertRefused(
        () -> operator.resource(secret(uniqueName())).inNamespace(team).create(),
        "writes only objects that carry the label " + LABEL + "=" + OPERATOR,
        "has not that label");
    assertRefused(
        () ->
            operator.resource(labelled(secret(uniqueName()), OPERATOR)).inNamespace(team).create(),
        "has no such owner reference");
    assertThat(operator.resource(ownedBy(owner, labelled(secret(uniqueName()), OPERATOR))).create())
        .as("a labelled Secret that a TaskOverflow owns")
        .isNotNull();
  }

  @Test
  void theOperatorWritesNoServiceAccountTokenAndNothingInKubeSystem(KubernetesClient admin) {
    TaskOverflow owner = TaskOverflows.create(admin, team, uniqueName(), "{}");
    Secret token =
        new SecretBuilder(ownedBy(owner, labelled(secret(uniqueName()), OPERATOR)))
            .editMetadata()
            .addToAnnotations("kubernetes.io/service-account.name", "default")
            .endMetadata()
            .withType("kubernetes.io/service-account-token")
            .build();
    assertRefused(
        () -> operator.resource(token).create(),
        "the TaskOverflow operator writes no ServiceAccount token Secret");

    Deployment inKubeSystem =
        new DeploymentBuilder(
                ownedBy(owner, labelled(deployment(uniqueName(), Map.of()), OPERATOR)))
            .editMetadata()
            .withNamespace("kube-system")
            .endMetadata()
            .build();
    assertRefused(
        () -> operator.resource(inKubeSystem).create(),
        "writes nothing in namespace kube-system, which it does not watch");
    assertThat(admin.resource(inKubeSystem).get()).as("nothing is stored").isNull();
  }

  private static boolean refused(KubernetesClient client, HasMetadata object, String message) {
    try {
      client.resource(object).inNamespace(team).dryRun().create();
      return false;
    } catch (KubernetesClientException e) {
      return e.getCode() == 403 && e.getMessage().contains(message);
    }
  }

  private static void assertRefused(ThrowingCallable call, String... messages) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage()).contains(messages);
            });
  }

  private static Secret secret(String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withType("Opaque")
        .addToStringData("note", "hello")
        .build();
  }

  private static <T extends HasMetadata> T labelled(T object, String value) {
    object.getMetadata().getLabels().put(LABEL, value);
    return object;
  }

  private static <T extends HasMetadata> T ownedBy(TaskOverflow owner, T object) {
    object.getMetadata().setNamespace(owner.getMetadata().getNamespace());
    object
        .getMetadata()
        .getOwnerReferences()
        .add(
            new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .build());
    return object;
  }

  private static Deployment deployment(String name, Map<String, String> podLabels) {
    Map<String, String> selector = Map.of("app", name);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(selector)
        .addToLabels(podLabels)
        .endMetadata()
        .withSpec(aPod("Always"))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static PodSpec aPod(String restartPolicy) {
    return new PodSpecBuilder()
        .withRestartPolicy(restartPolicy)
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .endContainer()
        .build();
  }

  private static String uniqueName() {
    return "b-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
