package io.taskoverflow.operator.rds;

import static io.taskoverflow.operator.testsupport.RdsFixtures.awaitConnection;
import static io.taskoverflow.operator.testsupport.RdsFixtures.env;
import static io.taskoverflow.operator.testsupport.RdsFixtures.onlyInstance;
import static io.taskoverflow.operator.testsupport.RdsFixtures.tags;
import static io.taskoverflow.operator.testsupport.Secrets.decoded;
import static io.taskoverflow.operator.testsupport.TaskOverflows.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * Deleting a TaskOverflow in mode RDS honours its deletionPolicy, and the resource (held by the
 * operator's finalizer) disappears only once DescribeDBInstances no longer lists the instance.
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class RdsDeletionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void deletingWithSnapshotPolicyTakesAFinalSnapshot(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    String ns = TestNamespaces.create(client, "rds-snapshot");
    try (RunningOperator operator = start(client, moto, rds, ec2, ns)) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");
      awaitConnection(client, ns, "shop");
      TaskOverflow before = TaskOverflows.of(client, ns, "shop").get();
      assertThat(before.getMetadata().getFinalizers()).isNotEmpty();

      TaskOverflows.deleteAll(client, ns);

      assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
      var snapshots = rds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots();
      assertThat(snapshots).hasSize(1);
      DBSnapshot snapshot = snapshots.get(0);
      String identifier = RdsIdentifier.derive(ns, "shop");
      assertThat(snapshot.dbInstanceIdentifier()).isEqualTo(identifier);
      assertThat(snapshot.dbSnapshotIdentifier()).startsWith(identifier + "-final-");
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .extracting(Event::getMessage)
          .anySatisfy(
              message ->
                  assertThat(message)
                      .contains("final snapshot " + snapshot.dbSnapshotIdentifier()));
    }
  }

  @Test
  void deletingWithDeletePolicyLeavesNoSnapshot(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    String ns = TestNamespaces.create(client, "rds-delete");
    try (RunningOperator operator = start(client, moto, rds, ec2, ns)) {
      TaskOverflows.create(
          client, ns, "shop", "database: {mode: RDS, rds: {deletionPolicy: Delete}}\n");
      awaitConnection(client, ns, "shop");

      TaskOverflows.deleteAll(client, ns);

      assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
      assertThat(rds.describeDBSnapshots().dbSnapshots()).isEmpty();
    }
  }

  @Test
  void deletingWithRetainPolicyLeavesTheInstanceAndItsCredentials(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    String ns = TestNamespaces.create(client, "rds-retain");
    try (RunningOperator operator = start(client, moto, rds, ec2, ns)) {
      TaskOverflows.create(
          client, ns, "shop", "database: {mode: RDS, rds: {deletionPolicy: Retain}}\n");
      awaitConnection(client, ns, "shop");
      String password =
          decoded(client.secrets().inNamespace(ns).withName("shop-db-master").get())
              .get("password");

      TaskOverflows.deleteAll(client, ns);

      var instance = onlyInstance(rds);
      assertThat(instance.dbInstanceStatus()).isEqualTo("available");
      assertThat(tags(instance))
          .as("no longer managed, and says since when")
          .doesNotContainKeys(RdsGateway.MANAGED_BY, RdsTags.UID)
          .containsKey(RdsTags.RETAINED)
          .containsEntry(RdsTags.NAME, "shop");
      assertThat(rds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()).isEmpty();
      String kept = instance.dbInstanceIdentifier() + "-master";
      assertThat(decoded(client.secrets().inNamespace(ns).withName(kept).get()))
          .containsEntry("password", password);
    }
  }

  @Test
  void deletionProtectionHoldsTheResourceWithAClearConditionUntilThePolicyIsRetain(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    String ns = TestNamespaces.create(client, "rds-protected");
    try (RunningOperator operator = start(client, moto, rds, ec2, ns)) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");
      awaitConnection(client, ns, "shop");
      rds.modifyDBInstance(
          r ->
              r.dbInstanceIdentifier(RdsIdentifier.derive(ns, "shop"))
                  .deletionProtection(true)
                  .applyImmediately(true));

      TaskOverflows.of(client, ns, "shop").delete();

      TaskOverflow held = TaskOverflows.awaitPhase(client, ns, "shop", Phase.Deleting);
      Eventually.await(
          "DatabaseReady says why the deletion waits",
          TIMEOUT,
          () ->
              "DeletionProtected"
                  .equals(
                      condition(TaskOverflows.of(client, ns, "shop").get(), "DatabaseReady")
                          .getReason()));
      assertThat(
              condition(TaskOverflows.of(client, ns, "shop").get(), "DatabaseReady").getMessage())
          .contains("deletion protection")
          .contains("Retain");
      assertThat(held.getStatus().database().finalSnapshot()).contains("-final-");
      assertThat(onlyInstance(rds).dbInstanceStatus()).isEqualTo("available");

      TaskOverflows.replaceSpec(
          client, ns, "shop", "database: {mode: RDS, rds: {deletionPolicy: Retain}}\n");

      TaskOverflows.deleteAll(client, ns);
      assertThat(onlyInstance(rds).deletionProtection()).isTrue();
    }
  }

  private static RunningOperator start(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2, String ns) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    return RunningOperator.withRds(client, moto, new RdsCalls(), env(ns, network));
  }
}
