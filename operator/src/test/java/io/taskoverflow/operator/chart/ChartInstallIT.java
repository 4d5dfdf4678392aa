package io.taskoverflow.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.TaskOverflowApi;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.PackagedOperator;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart installed with Helm into a real API server, and the operator run in this JVM as the
 * chart's ServiceAccount: its RBAC is enough to make a TaskOverflow Ready, and no more than that.
 */
@ExtendWith(KubeApiServerExtension.class)
class ChartInstallIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern NOTES_SAMPLE =
      Pattern.compile(
          "cat <<'YAML' \\| kubectl apply -n \\S+ -f -\\n(.*?)\\nYAML\\n", Pattern.DOTALL);

  @Test
  void theServiceAccountOfTheChartMakesTheNotesSampleReadyInAnyNamespace(
      KubernetesClient admin, SharedKubeApiServer server) {
    String release = HelmChart.RELEASE;
    String operatorNamespace = TestNamespaces.create(admin, "chart-all");
    adoptExistingCrd(admin, release, operatorNamespace);

    Release installed = HelmChart.install(server, release, operatorNamespace, Map.of());

    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(TaskOverflowApi.CRD_NAME)
                .get()
                .getMetadata()
                .getAnnotations())
        .containsEntry("meta.helm.sh/release-name", release)
        .containsEntry("helm.sh/resource-policy", "keep");
    Deployment deployment = installedDeployment(admin, operatorNamespace, release);
    String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    assertThat(
            admin.serviceAccounts().inNamespace(operatorNamespace).withName(serviceAccount).get())
        .isNotNull();
    assertThat(rdsLimits(admin, release)).as("the tenant limits on RDS are installed").isNotNull();
    OperatorConfig chartConfig = ChartTest.operatorConfig(deployment, operatorNamespace);
    assertThat(chartConfig.watchesAllNamespaces()).isTrue();
    assertThat(chartConfig.leaderElection()).isTrue();

    String appNamespace = TestNamespaces.create(admin, "chart-app");
    TaskOverflow sample = notesSamples(installed, appNamespace).get(0);
    try (KubernetesClient asOperator =
        server.clientAsServiceAccount(operatorNamespace, serviceAccount)) {
      holdsTheLeaseOf(asOperator, chartConfig);
      try (RunningOperator operator =
          RunningOperator.start(asOperator, withoutLeaderElection(chartConfig))) {
        admin.resource(sample).create();
        makeReady(admin, appNamespace, sample.getMetadata().getName());
        assertThat(
                admin.network().v1().networkPolicies().inNamespace(appNamespace).list().getItems())
            .as("the sample's NetworkPolicies, made as the ServiceAccount")
            .extracting(policy -> policy.getMetadata().getName())
            .containsExactlyInAnyOrder(
                sample.getMetadata().getName(), sample.getMetadata().getName() + "-postgres");
        Eventually.await(
            "a Ready event, written as the ServiceAccount",
            TIMEOUT,
            () ->
                admin.v1().events().inNamespace(appNamespace).list().getItems().stream()
                    .anyMatch(event -> "Ready".equals(event.getReason())));

        // Deleting needs the rights to take the operator's finalizer off again.
        TaskOverflows.create(admin, appNamespace, "short-lived", "{}\n");
        Eventually.await(
            "the operator put its finalizer on short-lived",
            TIMEOUT,
            () ->
                !TaskOverflows.of(admin, appNamespace, "short-lived")
                    .get()
                    .getMetadata()
                    .getFinalizers()
                    .isEmpty());
        TaskOverflows.of(admin, appNamespace, "short-lived").delete();
        Eventually.await(
            "short-lived is gone: its finalizer was removed as the ServiceAccount",
            TIMEOUT,
            () -> TaskOverflows.of(admin, appNamespace, "short-lived").get() == null);
      }

      // Pods are read for the ready conditions' reasons, nothing more.
      assertThat(asOperator.pods().inNamespace(appNamespace).list().getItems()).isNotNull();
      assertForbidden(
          "deleting pods",
          () -> asOperator.pods().inNamespace(appNamespace).withName("demo-postgres-0").delete());
      assertForbidden(
          "pod logs",
          () -> asOperator.pods().inNamespace(appNamespace).withName("demo-postgres-0").getLog());
      assertForbidden("configmaps", () -> asOperator.configMaps().inNamespace(appNamespace).list());
      assertForbidden(
          "deleting a TaskOverflow",
          () ->
              asOperator
                  .resources(TaskOverflow.class)
                  .inNamespace(appNamespace)
                  .withName("demo")
                  .delete());
      assertForbidden("namespaces", () -> asOperator.namespaces().list());
      assertForbidden(
          "another Lease",
          () -> asOperator.leases().inNamespace(operatorNamespace).withName("someone-else").get());
    }

    HelmChart.uninstall(server, release, operatorNamespace);
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(TaskOverflowApi.CRD_NAME)
                .get())
        .as("the CRD is kept on uninstall")
        .isNotNull();
    assertThat(TaskOverflows.of(admin, appNamespace, "demo").get())
        .as("and so is every TaskOverflow")
        .isNotNull();
    assertThat(admin.rbac().clusterRoles().withName(release).get()).isNull();
    assertThat(rdsLimits(admin, release))
        .as("the cluster-wide policy goes with the release")
        .isNull();
  }

  private static ValidatingAdmissionPolicy rdsLimits(KubernetesClient admin, String release) {
    return admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .withName(release + "-rds-limits")
        .get();
  }

  @Test
  void watchingOneNamespaceTheOperatorManagesItAndCannotReadSecretsElsewhere(
      KubernetesClient admin, SharedKubeApiServer server) {
    RunningOperator.installCrd(admin); // crds.enabled=false: managed outside this release
    String operatorNamespace = TestNamespaces.create(admin, "chart-ops");
    String team = TestNamespaces.create(admin, "chart-team");
    String elsewhere = TestNamespaces.create(admin, "chart-elsewhere");
    for (String namespace : new String[] {elsewhere, operatorNamespace}) {
      admin
          .secrets()
          .inNamespace(namespace)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("not-yours")
                  .endMetadata()
                  .addToStringData("password", "s3cret")
                  .build())
          .create();
    }
    String release = "team-scoped";

    Release installed =
        HelmChart.install(
            server,
            release,
            operatorNamespace,
            Map.of(
                "watchNamespaces[0]", team,
                "crds.enabled", "false",
                "aws.rds.subnetGroupName", "taskoverflow-rds",
                "aws.rds.securityGroupIds[0]", "sg-0123456789abcdef0"));

    List<TaskOverflow> samples = notesSamples(installed, team);
    assertThat(samples)
        .as("with RDS defaults the notes add an RDS sample")
        .extracting(sample -> sample.getSpec().database().mode().name())
        .containsExactly("InCluster", "RDS");
    samples.forEach(sample -> assertThat(admin.resource(sample).dryRun().create()).isNotNull());
    Deployment deployment =
        installedDeployment(admin, operatorNamespace, release + "-taskoverflow-operator");
    String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    OperatorConfig chartConfig = ChartTest.operatorConfig(deployment, operatorNamespace);
    assertThat(chartConfig.watchNamespaces()).containsExactly(team);
    try (KubernetesClient asOperator =
        server.clientAsServiceAccount(operatorNamespace, serviceAccount)) {
      holdsTheLeaseOf(asOperator, chartConfig);
      try (RunningOperator operator =
          RunningOperator.start(asOperator, withoutLeaderElection(chartConfig))) {
        TaskOverflows.create(admin, team, "demo", "{}");
        TaskOverflows.create(admin, elsewhere, "ignored", "{}");
        makeReady(admin, team, "demo");
        assertThat(TaskOverflows.of(admin, elsewhere, "ignored").get().getStatus())
            .as("a TaskOverflow outside the watched namespaces is left alone")
            .isNull();
      }

      assertForbidden(
          "a Secret in another namespace",
          () -> asOperator.secrets().inNamespace(elsewhere).withName("not-yours").get());
      assertForbidden(
          "Secrets in another namespace", () -> asOperator.secrets().inNamespace(elsewhere).list());
      assertForbidden(
          "a Secret in its own namespace, which it does not watch",
          () -> asOperator.secrets().inNamespace(operatorNamespace).withName("not-yours").get());
      assertForbidden(
          "Secrets of all namespaces", () -> asOperator.secrets().inAnyNamespace().list());
      assertForbidden(
          "TaskOverflows in another namespace",
          () -> asOperator.resources(TaskOverflow.class).inNamespace(elsewhere).list());
      assertThat(asOperator.secrets().inNamespace(team).list().getItems())
          .extracting(secret -> secret.getMetadata().getName())
          .contains("demo-db");
    }
    HelmChart.uninstall(server, release, operatorNamespace);
  }

  @Test
  void
      thePackagedOperatorRunsWithTheChartsEnvironmentLeadsAnswersItsProbesAndStopsOnSigtermReleasingItsLease(
          KubernetesClient admin, SharedKubeApiServer server) throws InterruptedException {
    RunningOperator.installCrd(admin);
    String operatorNamespace = TestNamespaces.create(admin, "chart-packaged");
    String team = TestNamespaces.create(admin, "chart-packaged-team");
    String release = "packaged";
    HelmChart.install(
        server,
        release,
        operatorNamespace,
        Map.of("watchNamespaces[0]", team, "crds.enabled", "false"));
    Deployment deployment =
        installedDeployment(admin, operatorNamespace, release + "-taskoverflow-operator");
    String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    Map<String, String> env =
        HelmChart.operatorEnvironment(deployment, operatorNamespace, "packaged-operator-0");
    String kubeConfig = server.kubeConfigYamlForServiceAccount(operatorNamespace, serviceAccount);
    try (KubernetesClient withToken =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build()) {
      assertForbidden(
          "configmaps, with the token it is given",
          () -> withToken.configMaps().inNamespace(team).list());
    }

    try (PackagedOperator operator = PackagedOperator.start(env, kubeConfig)) {
      assertThat(operator.status("/healthz")).isEqualTo(200);
      assertThat(operator.body("/metrics")).contains("jvm_memory_used_bytes");
      Eventually.await(
          "the packaged operator holds the Lease",
          TIMEOUT,
          () -> {
            Lease lease = lease(admin, operatorNamespace);
            return lease != null
                && "packaged-operator-0".equals(lease.getSpec().getHolderIdentity());
          });
      TaskOverflows.create(admin, team, "demo", "{}");
      Eventually.await(
          "the leader reconciles",
          TIMEOUT,
          () ->
              admin.apps().statefulSets().inNamespace(team).withName("demo-postgres").get()
                  != null);
      assertThat(operator.terminate(Duration.ofSeconds(30)))
          .as("a leader stops on SIGTERM within the pod's grace period")
          .isTrue();
      assertThat(lease(admin, operatorNamespace).getSpec().getHolderIdentity())
          .as("and gives up its Lease, so that the next replica leads at once")
          .isNull();
    }
    HelmChart.uninstall(server, release, operatorNamespace);
  }

  /** Simulates what kubelets would report and waits for the resource to become Ready. */
  private static void makeReady(KubernetesClient admin, String namespace, String name) {
    String postgres = name + "-postgres";
    Eventually.await(
        "StatefulSet " + postgres + " exists",
        TIMEOUT,
        () ->
            admin.resources(StatefulSet.class).inNamespace(namespace).withName(postgres).get()
                != null);
    Simulated.postgresReady(admin, namespace, postgres);
    Eventually.await(
        "Deployment " + name + " exists",
        TIMEOUT,
        () -> admin.apps().deployments().inNamespace(namespace).withName(name).get() != null);
    Simulated.deploymentReady(admin, namespace, name);
    TaskOverflows.awaitPhase(admin, namespace, name, Phase.Ready);
  }

  /**
   * Takes and renews the Lease exactly as JOSDK's leader election does (fabric8 LeaseLock, the
   * operator's Lease name, its namespace), as the ServiceAccount: get, create and update allowed.
   */
  private static void holdsTheLeaseOf(KubernetesClient asOperator, OperatorConfig config) {
    String namespace = config.namespace();
    CompletableFuture<Void> leading = new CompletableFuture<>();
    var elector =
        asOperator
            .leaderElector()
            .withConfig(
                new LeaderElectionConfig(
                    new LeaseLock(namespace, OperatorConfig.LEASE_NAME, "chart-test"),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(8),
                    Duration.ofMillis(500),
                    new LeaderCallbacks(() -> leading.complete(null), () -> {}, leader -> {}),
                    true,
                    OperatorConfig.LEASE_NAME))
            .build();
    CompletableFuture<?> election = elector.start();
    try {
      leading.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      ZonedDateTime acquired = lease(asOperator, namespace).getSpec().getRenewTime();
      Eventually.await(
          "the Lease is renewed",
          TIMEOUT,
          () -> lease(asOperator, namespace).getSpec().getRenewTime().isAfter(acquired));
    } catch (Exception e) {
      throw new AssertionError("the ServiceAccount could not lead on its Lease", e);
    } finally {
      election.cancel(true);
    }
  }

  private static Lease lease(KubernetesClient client, String namespace) {
    return client.leases().inNamespace(namespace).withName(OperatorConfig.LEASE_NAME).get();
  }

  /**
   * The CRD applied before (by kubectl, or another test) adopted into the release, as README says.
   */
  private static void adoptExistingCrd(KubernetesClient admin, String release, String namespace) {
    var crd =
        admin.apiextensions().v1().customResourceDefinitions().withName(TaskOverflowApi.CRD_NAME);
    if (crd.get() != null) {
      crd.edit(
          existing -> {
            existing.getMetadata().getLabels().put("app.kubernetes.io/managed-by", "Helm");
            existing.getMetadata().getAnnotations().put("meta.helm.sh/release-name", release);
            existing
                .getMetadata()
                .getAnnotations()
                .put("meta.helm.sh/release-namespace", namespace);
            return existing;
          });
    }
  }

  private static Deployment installedDeployment(
      KubernetesClient admin, String namespace, String name) {
    Deployment deployment = admin.apps().deployments().inNamespace(namespace).withName(name).get();
    assertThat(deployment).as("Deployment %s/%s installed by Helm", namespace, name).isNotNull();
    return deployment;
  }

  /** The TaskOverflow samples of the release notes, as a user would paste them, in a namespace. */
  private static List<TaskOverflow> notesSamples(Release release, String namespace) {
    Matcher sample = NOTES_SAMPLE.matcher(release.getOutput());
    List<TaskOverflow> samples = new ArrayList<>();
    while (sample.find()) {
      TaskOverflow resource =
          new KubernetesSerialization().unmarshal(sample.group(1), TaskOverflow.class);
      resource.getMetadata().setNamespace(namespace);
      samples.add(resource);
    }
    assertThat(samples)
        .as("TaskOverflow samples in the notes:%n%s", release.getOutput())
        .isNotEmpty();
    return samples;
  }

  /**
   * The chart's configuration, but no leader election in this JVM (see {@link
   * RunningOperator#start(KubernetesClient, OperatorConfig)}); {@link #holdsTheLeaseOf} covers it.
   */
  private static OperatorConfig withoutLeaderElection(OperatorConfig config) {
    return config.withLeaderElection(false);
  }

  private static void assertForbidden(String what, ThrowingCallable call) {
    assertThatThrownBy(call)
        .as("the operator may not read or change %s", what)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }
}
