package io.taskoverflow.operator.chart;

import static io.taskoverflow.operator.chart.TenantLimitsPolicy.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Examples;
import io.taskoverflow.operator.testsupport.GenericTaskOverflows;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RDS tenant limits enforced by a real API server: the ValidatingAdmissionPolicy and
 * binding as the chart renders them, against the committed CRD.
 */
@ExtendWith(KubeApiServerExtension.class)
class TenantLimitsIT {

  private static final String ALLOWED_SUBNET_GROUP = "team-db";
  private static final String ALLOWED_SECURITY_GROUP = "sg-0123456789abcdef0";

  private static String team;
  private static String exempt;
  private static String unwatched;
  private static TenantLimitsPolicy policy;

  @BeforeAll
  static void applyTheChartsPolicy(KubernetesClient admin) {
    TenantLimitsPolicy.Namespaces namespaces =
        TenantLimitsPolicy.Namespaces.create(admin, "limits");
    team = namespaces.team();
    exempt = namespaces.exempt();
    unwatched = namespaces.unwatched();
    policy =
        TenantLimitsPolicy.apply(
            admin,
            "limits",
            Map.of(
                "watchNamespaces[0]", team,
                "watchNamespaces[1]", exempt,
                "tenantLimits.rds.exemptNamespaces[0]", exempt,
                "tenantLimits.rds.allowedSubnetGroups[0]", ALLOWED_SUBNET_GROUP,
                "tenantLimits.rds.allowedSecurityGroupIds[0]", ALLOWED_SECURITY_GROUP),
            team);
  }

  @AfterAll
  static void removeThePolicy() {
    if (policy != null) {
      policy.close();
    }
  }

  static Stream<Arguments> overLimit() {
    return Stream.of(
        Arguments.of(
            "instanceClass: db.r6g.16xlarge",
            "spec.database.rds.instanceClass: db.r6g.16xlarge is not allowed (allowed:"
                + " db.t3.micro, db.t3.small, db.t4g.micro, db.t4g.small)"),
        Arguments.of(
            "allocatedStorage: 500",
            "spec.database.rds.allocatedStorage: 500 GiB is more than the 100 GiB allowed"),
        Arguments.of(
            "allocatedStorage: 20\nmaxAllocatedStorage: 1000",
            "spec.database.rds.maxAllocatedStorage: 1000 GiB is more than the 100 GiB allowed"),
        Arguments.of(
            "storageEncrypted: false",
            "spec.database.rds.storageEncrypted: false is not allowed (set true or leave it unset)"),
        Arguments.of(
            "subnetGroupName: other-team-db",
            "spec.database.rds.subnetGroupName: other-team-db is not allowed (allowed: team-db)"),
        Arguments.of(
            "securityGroupIds: [" + ALLOWED_SECURITY_GROUP + ", sg-0fedcba987654321f]",
            "spec.database.rds.securityGroupIds: sg-0fedcba987654321f not allowed (allowed: "
                + ALLOWED_SECURITY_GROUP
                + ")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overLimit")
  void creatingBeyondALimitIsRefusedWithAMessageNamingTheField(
      String rdsYaml, String message, KubernetesClient admin) {
    String name = uniqueName();

    assertRefused(() -> TaskOverflows.create(admin, team, name, rds(rdsYaml)), message);

    assertThat(TaskOverflows.of(admin, team, name).get()).as("nothing is stored").isNull();
  }

  @Test
  void everyLimitBrokenAtOnceIsNamedInOneRefusal(KubernetesClient admin) {
    String all =
        "instanceClass: db.r6g.16xlarge\nallocatedStorage: 500\nstorageEncrypted: false\n"
            + "subnetGroupName: other-team-db";

    assertRefused(
        () -> TaskOverflows.create(admin, team, uniqueName(), rds(all)),
        "spec.database.rds.instanceClass",
        "spec.database.rds.allocatedStorage",
        "spec.database.rds.storageEncrypted",
        "spec.database.rds.subnetGroupName");
  }

  @Test
  void withinTheLimitsOrLeftUnsetIsAccepted(KubernetesClient admin) {
    String withinEveryLimit =
        String.join(
            "\n",
            "instanceClass: db.t4g.small",
            "allocatedStorage: 50",
            "maxAllocatedStorage: 100",
            "storageEncrypted: true",
            "subnetGroupName: " + ALLOWED_SUBNET_GROUP,
            "securityGroupIds: [" + ALLOWED_SECURITY_GROUP + "]",
            "multiAZ: true");
    String adopting =
        "instanceIdentifier: legacy-todo\nmasterSecretRef: {name: legacy-todo-master}";

    for (String rdsYaml : List.of(withinEveryLimit, "{}", adopting)) {
      String name = uniqueName();
      TaskOverflows.create(admin, team, name, rds(rdsYaml));
      assertThat(TaskOverflows.of(admin, team, name).get()).as(rdsYaml).isNotNull();
    }
  }

  @Test
  void anUpdateBeyondALimitIsRefusedAndOneWithinIsAccepted(KubernetesClient admin) {
    String name = uniqueName();
    TaskOverflows.create(
        admin, team, name, rds("instanceClass: db.t3.micro\nallocatedStorage: 20"));

    assertRefused(
        () ->
            TaskOverflows.replaceSpec(
                admin, team, name, rds("instanceClass: db.r6g.16xlarge\nallocatedStorage: 20")),
        "spec.database.rds.instanceClass: db.r6g.16xlarge is not allowed");
    assertRefused(
        () ->
            TaskOverflows.replaceSpec(
                admin, team, name, rds("instanceClass: db.t3.micro\nallocatedStorage: 101")),
        "spec.database.rds.allocatedStorage: 101 GiB is more than the 100 GiB allowed");

    TaskOverflow grown =
        TaskOverflows.replaceSpec(
            admin, team, name, rds("instanceClass: db.t3.small\nallocatedStorage: 100"));
    assertThat(grown.getSpec().database().rds().allocatedStorage()).isEqualTo(100);
  }

  @Test
  void inClusterAndExternalResourcesAreNotConcerned(KubernetesClient admin) {
    TaskOverflows.create(
        admin,
        team,
        "in-cluster",
        "database:\n  mode: InCluster\n  inCluster:\n    storage: 500Gi");
    TaskOverflows.create(
        admin,
        team,
        "external",
        "database:\n  mode: External\n  external:\n    secretRef: {name: shared-db}");

    assertThat(TaskOverflows.of(admin, team, "in-cluster").get()).isNotNull();
    assertThat(TaskOverflows.of(admin, team, "external").get()).isNotNull();
  }

  @Test
  void exemptAndUnwatchedNamespacesAreNotLimited(KubernetesClient admin) {
    String beyondEveryLimit = rds("instanceClass: db.r6g.16xlarge\nallocatedStorage: 1000");

    for (String namespace : List.of(exempt, unwatched)) {
      TaskOverflows.create(admin, namespace, "big", beyondEveryLimit);
      assertThat(TaskOverflows.of(admin, namespace, "big").get()).as(namespace).isNotNull();
    }
  }

  @Test
  void theExamplesAreWithinTheDefaultLimits(KubernetesClient admin) {
    String defaults = TestNamespaces.create(admin, "limits-defaults");
    List<Path> examples = Examples.all();
    assertThat(examples).isNotEmpty();

    try (TenantLimitsPolicy byDefault =
        TenantLimitsPolicy.apply(
            admin, "defaults", Map.of("watchNamespaces[0]", defaults), defaults)) {
      for (Path example : examples) {
        GenericKubernetesResource resource = Examples.read(example);
        assertThat(
                admin
                    .genericKubernetesResources(GenericTaskOverflows.TASK_OVERFLOWS)
                    .inNamespace(defaults)
                    .resource(resource)
                    .dryRun()
                    .create())
            .as("%s under the default limits", example)
            .isNotNull();
      }
    }
  }

  /**
   * Limits tightened (here: the defaults) after a resource was created: it stays editable
   * (replicas, finalizers, as the operator needs) and deletable, while a new value beyond the
   * limits is still refused.
   */
  @Test
  void tighterLimitsLockNoExistingResourceOut(KubernetesClient admin) {
    String legacy = TestNamespaces.create(admin, "limits-legacy");
    String existing =
        "instanceClass: db.r6g.large\nallocatedStorage: 500\nstorageEncrypted: false\n"
            + "subnetGroupName: legacy-db\nsecurityGroupIds: [sg-0aaaaaaaaaaaaaaaa]";
    TaskOverflows.create(admin, legacy, "old", rds(existing));

    try (TenantLimitsPolicy tightened =
        TenantLimitsPolicy.apply(admin, "legacy", Map.of("watchNamespaces[0]", legacy), legacy)) {
      TaskOverflow scaled =
          TaskOverflows.replaceSpec(admin, legacy, "old", "replicas: 3\n" + rds(existing));
      assertThat(scaled.getSpec().replicas()).isEqualTo(3);
      TaskOverflows.of(admin, legacy, "old")
          .edit(
              resource -> {
                resource.getMetadata().getFinalizers().add("taskoverflow.io/test");
                return resource;
              });
      assertRefused(
          () ->
              TaskOverflows.replaceSpec(
                  admin, legacy, "old", rds(existing.replace("db.r6g.large", "db.r6g.xlarge"))),
          "spec.database.rds.instanceClass: db.r6g.xlarge is not allowed");

      assertRefused(
          () ->
              TaskOverflows.create(
                  admin,
                  legacy,
                  "new",
                  rds("subnetGroupName: legacy-db\nsecurityGroupIds: [sg-0aaaaaaaaaaaaaaaa]")),
          "spec.database.rds.subnetGroupName: legacy-db is not allowed (none is: leave it unset"
              + " for the operator's configured subnet group)",
          "spec.database.rds.securityGroupIds: sg-0aaaaaaaaaaaaaaaa not allowed (none is: leave"
              + " it unset for the operator's configured security groups)");

      TaskOverflows.of(admin, legacy, "old").delete();
      TaskOverflows.of(admin, legacy, "old")
          .edit(
              resource -> {
                resource.getMetadata().getFinalizers().remove("taskoverflow.io/test");
                return resource;
              });
      TaskOverflows.deleteAll(admin, legacy);
    }
  }

  private static String rds(String rdsYaml) {
    return "database:\n  mode: RDS\n  rds:\n" + rdsYaml.indent(4);
  }

  private static String uniqueName() {
    return "rds-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
