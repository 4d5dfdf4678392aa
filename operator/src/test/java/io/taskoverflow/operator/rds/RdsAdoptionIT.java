package io.taskoverflow.operator.rds;

import static io.taskoverflow.operator.testsupport.RdsFixtures.awaitConnection;
import static io.taskoverflow.operator.testsupport.RdsFixtures.onlyInstance;
import static io.taskoverflow.operator.testsupport.RdsFixtures.tags;
import static io.taskoverflow.operator.testsupport.TaskOverflows.condition;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KstatusCheck;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import io.taskoverflow.operator.testsupport.RdsPostgres;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Adoption against moto and a real PostgreSQL: a tenant who names someone else's instance gets
 * nothing (no tag, no modify, no delete), wrong credentials deploy no app, and a consented adoption
 * keeps the instance's own settings, with the app logging in as its own role. The consent is good
 * for one adoption, and deleting an adopted instance keeps a final snapshot unless asked not to.
 * moto's instances are not servers, so the logins go to a local PostgreSQL holding the instance's
 * master user, over verified TLS; the logins themselves are the production ones.
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class RdsAdoptionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PASSWORD = "legacy-password-1";
  @TempDir static Path files;
  private static RdsPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = RdsPostgres.start(files);
    postgres.createMaster("legacy", PASSWORD, "todo");
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void anotherTeamsInstanceIsNeitherTaggedNorModifiedNorDeleted(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    ownersInstance(rds, network, Map.of("team", "payments"));
    RdsCalls calls = new RdsCalls();
    String ns = TestNamespaces.create(client, "rds-thief");
    try (RunningOperator operator = operator(client, moto, calls, ns)) {
      TaskOverflows.create(client, ns, "thief", adopting("no-such-secret", "Delete"));

      TaskOverflows.awaitReason(client, ns, "thief", "DatabaseReady", "AdoptionNotPermitted");
      TaskOverflow refused = TaskOverflows.of(client, ns, "thief").get();
      assertThat(KstatusCheck.of(refused))
          .as("a refused adoption reads Failed under kstatus, Degraded in Argo CD")
          .extracting(KstatusCheck.Result::status, KstatusCheck.Result::argocd)
          .containsExactly("Failed", "Degraded");
      assertThat(TaskOverflows.condition(refused, "Stalled").getReason())
          .isEqualTo("AdoptionNotPermitted");
      KstatusCheck.assertMessagesAreForUsers(refused);
      TaskOverflows.deleteAll(client, ns);
    }
    DBInstance victim = onlyInstance(rds);
    assertThat(tags(victim)).containsOnlyKeys("team");
    assertThat(victim.multiAZ()).isTrue();
    assertThat(victim.backupRetentionPeriod()).isEqualTo(7);
    assertThat(victim.dbInstanceStatus()).isEqualTo("available");
    assertNeitherTaggedNorModifiedNorDeleted(calls);
  }

  @Test
  void wrongCredentialsAreReportedAndNoAppIsDeployed(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-wrong");
    ownersInstance(rds, network, Map.of(RdsTags.ADOPTABLE_BY, ns + "/legacy"));
    UserSecrets.put(
        client, ns, "legacy-master", Map.of("username", "legacy", "password", "not-the-password"));
    RdsCalls calls = new RdsCalls();
    try (RunningOperator operator = operator(client, moto, calls, ns)) {
      TaskOverflows.create(client, ns, "legacy", adopting("legacy-master", "Delete"));

      TaskOverflow blocked =
          TaskOverflows.awaitReason(
              client, ns, "legacy", "DatabaseReady", "MasterCredentialsRejected");
      assertThat(condition(blocked, "DatabaseReady").getMessage())
          .contains("password authentication failed")
          .doesNotContain("not-the-password");
      assertThat(client.apps().deployments().inNamespace(ns).withName("legacy").get()).isNull();
      TaskOverflows.deleteAll(client, ns);
    }
    assertThat(tags(onlyInstance(rds))).doesNotContainKey(RdsGateway.MANAGED_BY);
    assertNeitherTaggedNorModifiedNorDeleted(calls);
  }

  @Test
  void aConsentedInstanceIsAdoptedAndKeepsItsOwnSettings(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-adopt");
    ownersInstance(rds, network, Map.of("team", "tasks", RdsTags.ADOPTABLE_BY, ns + "/legacy"));
    UserSecrets.put(
        client, ns, "legacy-master", Map.of("username", "legacy", "password", PASSWORD));
    RdsCalls calls = new RdsCalls();
    try (RunningOperator operator = operator(client, moto, calls, ns)) {
      TaskOverflows.create(client, ns, "legacy", adopting("legacy-master", null));

      Map<String, String> connection = awaitConnection(client, ns, "legacy");
      assertThat(connection)
          .as("the app logs in as its own role, which the adopted master user made")
          .containsEntry("username", "todo_app")
          .containsEntry("ca.crt", postgres.caPem())
          .doesNotContainValue(PASSWORD);
      assertThat(connection.get("uri")).contains("sslmode=verify-full");
      Eventually.await(
          "the app is deployed on the adopted instance",
          TIMEOUT,
          () -> client.apps().deployments().inNamespace(ns).withName("legacy").get() != null);
      Deployment app = client.apps().deployments().inNamespace(ns).withName("legacy").get();
      assertThat(app).isNotNull();
      DBInstance adopted = onlyInstance(rds);
      TaskOverflow resource = TaskOverflows.of(client, ns, "legacy").get();
      assertThat(tags(adopted))
          .containsEntry("team", "tasks")
          .containsEntry(RdsGateway.MANAGED_BY, RdsGateway.OPERATOR)
          .containsEntry(RdsTags.UID, resource.getMetadata().getUid())
          .as("the consent is used up by the adoption")
          .doesNotContainKey(RdsTags.ADOPTABLE_BY);
      assertThat(eventsOf(client, ns, "AdoptedInstance"))
          .singleElement(as(InstanceOfAssertFactories.STRING))
          .contains(RdsTags.ADOPTABLE_BY);
      assertThat(adopted.multiAZ()).as("late initialization keeps multi-AZ").isTrue();
      assertThat(adopted.backupRetentionPeriod()).as("and a week of backups").isEqualTo(7);
      assertThat(calls.count("ModifyDBInstance")).isZero();
      assertThat(calls.count("CreateDBInstance")).isZero();

      TaskOverflows.deleteAll(client, ns);
    }
    assertThat(onlyInstance(rds).dbInstanceStatus())
        .as("an adopted instance is retained unless deletionPolicy says otherwise")
        .isEqualTo("available");
    assertThat(calls.count("DeleteDBInstance")).isZero();
  }

  @Test
  void afterARetainTheSameResourceCannotAdoptAgainUntilTheOwnerConsentsAnew(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    String ns = consentingOwner(client, rds, ec2, "rds-readopt");
    try (RunningOperator operator = operator(client, moto, new RdsCalls(), ns)) {
      TaskOverflows.create(client, ns, "legacy", adopting("legacy-master", "Retain"));
      awaitConnection(client, ns, "legacy");
      TaskOverflows.deleteAll(client, ns);
      assertThat(tags(onlyInstance(rds)))
          .as("let go, without the consent its adoption used up")
          .doesNotContainKeys(RdsGateway.MANAGED_BY, RdsTags.UID, RdsTags.ADOPTABLE_BY)
          .containsKey(RdsTags.RETAINED);

      TaskOverflows.create(client, ns, "legacy", adopting("legacy-master", "Retain"));

      TaskOverflows.awaitReason(client, ns, "legacy", "DatabaseReady", "AdoptionNotPermitted");
      assertThat(tags(onlyInstance(rds))).doesNotContainKey(RdsGateway.MANAGED_BY);

      consent(rds, ns + "/legacy");
      String uid = TaskOverflows.of(client, ns, "legacy").get().getMetadata().getUid();
      Eventually.await(
          "the owner's new consent lets the new resource adopt the instance",
          TIMEOUT,
          () -> {
            Map<String, String> tags = tags(onlyInstance(rds));
            return uid.equals(tags.get(RdsTags.UID)) && !tags.containsKey(RdsTags.ADOPTABLE_BY);
          });
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void aConsentLeftOnAnAdoptedInstanceIsRemovedByTheNextReconcile(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    String ns = consentingOwner(client, rds, ec2, "rds-leftover");
    try (RunningOperator operator = operator(client, moto, new RdsCalls(), ns)) {
      TaskOverflows.create(client, ns, "legacy", adopting("legacy-master", "Retain"));
      awaitConnection(client, ns, "legacy");

      // As if the operator had stopped between tagging the instance and removing the consent.
      consent(rds, ns + "/legacy");

      Eventually.await(
          "the consent is removed from the instance the resource owns",
          TIMEOUT,
          () -> !tags(onlyInstance(rds)).containsKey(RdsTags.ADOPTABLE_BY));
      assertThat(tags(onlyInstance(rds)))
          .containsEntry(
              RdsTags.UID, TaskOverflows.of(client, ns, "legacy").get().getMetadata().getUid());
      Eventually.await(
          "an Event says so",
          TIMEOUT,
          () -> !eventsOf(client, ns, "AdoptionConsentRemoved").isEmpty());
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void anAdoptedInstanceDeletedWithDeleteLeavesAFinalSnapshot(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    String ns = adoptAndDelete(client, moto, rds, ec2, "rds-adopt-delete", "Delete");

    assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
    var snapshots = rds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots();
    assertThat(snapshots).hasSize(1);
    DBSnapshot snapshot = snapshots.get(0);
    assertThat(snapshot.dbInstanceIdentifier()).isEqualTo("legacy-todo");
    assertThat(snapshot.dbSnapshotIdentifier()).startsWith("legacy-todo-final-");
    assertThat(eventsOf(client, ns, "DeletingInstance"))
        .anySatisfy(
            message ->
                assertThat(message).contains("final snapshot " + snapshot.dbSnapshotIdentifier()));
  }

  @Test
  void anAdoptedInstanceDeletedWithSkipFinalSnapshotLeavesNone(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    String ns =
        adoptAndDelete(
            client, moto, rds, ec2, "rds-adopt-skip", "Delete\n    skipFinalSnapshot: true");

    assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
    assertThat(rds.describeDBSnapshots().dbSnapshots()).isEmpty();
    assertThat(eventsOf(client, ns, "DeletingInstance"))
        .anySatisfy(message -> assertThat(message).contains("without a final snapshot"));
  }

  /** Adopts the owner's instance in a new namespace, deletes the resource; the namespace. */
  private static String adoptAndDelete(
      KubernetesClient client,
      MotoServer moto,
      RdsClient rds,
      Ec2Client ec2,
      String prefix,
      String deletionPolicy)
      throws IOException {
    String ns = consentingOwner(client, rds, ec2, prefix);
    try (RunningOperator operator = operator(client, moto, new RdsCalls(), ns)) {
      TaskOverflows.create(client, ns, "legacy", adopting("legacy-master", deletionPolicy));
      awaitConnection(client, ns, "legacy");
      TaskOverflows.deleteAll(client, ns);
    }
    return ns;
  }

  /**
   * A new namespace, whose TaskOverflow "legacy" the owner's instance consents to, with a Secret of
   * the instance's master credentials.
   */
  private static String consentingOwner(
      KubernetesClient client, RdsClient rds, Ec2Client ec2, String prefix) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, prefix);
    ownersInstance(rds, network, Map.of(RdsTags.ADOPTABLE_BY, ns + "/legacy"));
    UserSecrets.put(
        client, ns, "legacy-master", Map.of("username", "legacy", "password", PASSWORD));
    return ns;
  }

  /** The owner tags the instance, in AWS, to let that resource adopt it. */
  private static void consent(RdsClient rds, String namespacedName) {
    String arn = onlyInstance(rds).dbInstanceArn();
    rds.addTagsToResource(
        r ->
            r.resourceName(arn)
                .tags(Tag.builder().key(RdsTags.ADOPTABLE_BY).value(namespacedName).build()));
  }

  private static List<String> eventsOf(KubernetesClient client, String ns, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(event -> reason.equals(event.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  private static void assertNeitherTaggedNorModifiedNorDeleted(RdsCalls calls) {
    assertThat(calls.count("AddTagsToResource")).isZero();
    assertThat(calls.count("ModifyDBInstance")).isZero();
    assertThat(calls.count("DeleteDBInstance")).isZero();
  }

  private static RunningOperator operator(
      KubernetesClient client, MotoServer moto, RdsCalls calls, String ns) throws IOException {
    Map<String, String> env = new HashMap<>(postgres.env());
    env.put("WATCH_NAMESPACES", ns);
    return RunningOperator.withRds(client, moto, calls, env, postgres.login(), postgres.roles());
  }

  private static String adopting(String secret, String deletionPolicy) {
    return "database:\n  mode: RDS\n  rds:\n    instanceIdentifier: legacy-todo\n"
        + "    masterSecretRef: {name: "
        + secret
        + "}\n"
        + (deletionPolicy == null ? "" : "    deletionPolicy: " + deletionPolicy + "\n");
  }

  /** An instance its owner made in AWS: multi-AZ, a week of backups. */
  private static void ownersInstance(RdsClient rds, MotoNetwork network, Map<String, String> tags) {
    rds.createDBInstance(
        r ->
            r.dbInstanceIdentifier("legacy-todo")
                .engine("postgres")
                .engineVersion("17.2")
                .dbInstanceClass("db.t3.micro")
                .allocatedStorage(20)
                .multiAZ(true)
                .backupRetentionPeriod(7)
                .dbName("todo")
                .masterUsername("legacy")
                .masterUserPassword(PASSWORD)
                .dbSubnetGroupName(network.subnetGroup())
                .tags(
                    tags.entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList()));
  }
}
