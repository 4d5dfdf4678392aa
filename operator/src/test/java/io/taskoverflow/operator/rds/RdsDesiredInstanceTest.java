package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.config.RdsSettings;
import io.taskoverflow.operator.support.Checked;
import io.taskoverflow.operator.testsupport.RdsResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RdsDesiredInstanceTest {

  private static final RdsSettings DEFAULTS =
      new RdsSettings(
          Optional.of("eu-west-1"),
          Optional.empty(),
          Optional.of("taskoverflow-db"),
          List.of("sg-0123456789abcdef0"),
          Duration.ofSeconds(15),
          Duration.ofSeconds(120),
          Optional.empty());
  private static final RdsSettings NONE =
      new RdsSettings(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Duration.ofSeconds(15),
          Duration.ofSeconds(120),
          Optional.empty());

  @Test
  void createRequestIsPrivateEncryptedPostgresWithTheOperatorsNetworkDefaults() {
    TaskOverflow resource = RdsResources.of("shop", "todo", "maxAllocatedStorage: 100\n");

    RdsCreateRequest request =
        new RdsDesiredInstance(resource, DEFAULTS).createRequest("taskoverflow", "s3cret").value();

    assertThat(request.identifier()).isEqualTo(RdsIdentifier.derive("shop", "todo"));
    assertThat(request.storageEncrypted()).isTrue();
    assertThat(request.subnetGroup()).isEqualTo("taskoverflow-db");
    assertThat(request.securityGroupIds()).containsExactly("sg-0123456789abcdef0");
    assertThat(request.maxAllocatedStorage()).isEqualTo(100);
    assertThat(request.dbName()).isEqualTo("todo");
    assertThat(request.tags()).containsEntry(RdsTags.UID, "uid-shop-todo");
    assertThat(request.toString()).doesNotContain("s3cret");
  }

  @Test
  void withoutSubnetGroupAnywhereTheRequestSaysWhatToSet() {
    Checked<RdsCreateRequest> request =
        new RdsDesiredInstance(RdsResources.of("shop", "todo", ""), NONE).createRequest("u", "p");

    assertThat(request.isPresent()).isFalse();
    assertThat(request.reason()).isEqualTo("NetworkNotConfigured");
    assertThat(request.message()).contains("subnetGroupName").contains("RDS_SUBNET_GROUP");
  }

  @Test
  void anInstanceAsTheSpecSaysNeedsNoChange() {
    TaskOverflow resource = RdsResources.of("shop", "todo", "maxAllocatedStorage: 100\n");

    assertThat(new RdsDesiredInstance(resource, DEFAULTS).changeFrom(instance(resource)).isEmpty())
        .isTrue();
  }

  @Test
  void everyModifiableDifferenceIsInOneChange() {
    TaskOverflow resource =
        RdsResources.of(
            "shop",
            "todo",
            "instanceClass: db.t3.small\nallocatedStorage: 50\nmaxAllocatedStorage: 200\n"
                + "multiAZ: true\nbackupRetentionDays: 7\nengineVersion: '17.6'\n"
                + "securityGroupIds: [sg-0fedcba987654321f]\n");

    RdsSettingsChange change =
        new RdsDesiredInstance(resource, DEFAULTS)
            .changeFrom(instance(RdsResources.of("shop", "todo", "maxAllocatedStorage: 100\n")));

    assertThat(change)
        .isEqualTo(
            new RdsSettingsChange(
                "db.t3.small", 50, 200, true, 7, "17.6", List.of("sg-0fedcba987654321f")));
  }

  @Test
  void storageOnlyGrowsAndANewerMinorVersionIsKept() {
    TaskOverflow resource = RdsResources.of("shop", "todo", "engineVersion: '17.2'\n");
    RdsInstance grown =
        new RdsInstance(
            "id",
            "arn",
            "available",
            "host",
            5432,
            "17.5",
            "db.t3.micro",
            35,
            null,
            false,
            1,
            true,
            false,
            false,
            "taskoverflow-db",
            List.of("sg-0123456789abcdef0"),
            "u",
            Map.of(),
            null);

    assertThat(new RdsDesiredInstance(resource, DEFAULTS).changeFrom(grown).isEmpty()).isTrue();
  }

  @Test
  void whatIsPendingForTheMaintenanceWindowIsNotRequestedAgain() {
    TaskOverflow resource = RdsResources.of("shop", "todo", "instanceClass: db.t3.small\n");
    RdsInstance pending =
        new RdsInstance(
            "id",
            "arn",
            "available",
            "host",
            5432,
            "17.4",
            "db.t3.micro",
            20,
            null,
            false,
            1,
            true,
            false,
            false,
            "g",
            List.of("sg-0123456789abcdef0"),
            "u",
            Map.of(),
            new RdsSettingsChange("db.t3.small", null, null, null, null, null, null));

    assertThat(new RdsDesiredInstance(resource, DEFAULTS).changeFrom(pending).isEmpty()).isTrue();
  }

  @Test
  void autoscalingIsTurnedOffWithALimitEqualToTheStorage() {
    TaskOverflow resource = RdsResources.of("shop", "todo", "");
    RdsInstance autoscaling =
        instance(RdsResources.of("shop", "todo", "maxAllocatedStorage: 100\n"));

    assertThat(new RdsDesiredInstance(resource, DEFAULTS).changeFrom(autoscaling))
        .isEqualTo(new RdsSettingsChange(null, null, 20, null, null, null, null));
  }

  private static RdsInstance instance(TaskOverflow resource) {
    RdsCreateRequest desired =
        new RdsDesiredInstance(resource, DEFAULTS).createRequest("taskoverflow", "p").value();
    return new RdsInstance(
        desired.identifier(),
        "arn",
        "available",
        "host",
        5432,
        "17.4",
        desired.instanceClass(),
        desired.allocatedStorage(),
        desired.maxAllocatedStorage(),
        desired.multiAZ(),
        desired.backupRetentionDays(),
        true,
        false,
        false,
        desired.subnetGroup(),
        desired.securityGroupIds(),
        desired.masterUsername(),
        desired.tags(),
        null);
  }

  @Test
  void onlySnapshotOrTheDeletionOfAnAdoptedInstanceTakesAFinalSnapshot() {
    String adopt = "instanceIdentifier: legacy\nmasterSecretRef: {name: legacy-master}\n";

    assertThat(finalSnapshot("")).as("created, Snapshot by default").isTrue();
    assertThat(finalSnapshot("deletionPolicy: Delete\n")).as("created, Delete").isFalse();
    assertThat(finalSnapshot("deletionPolicy: Retain\n")).as("created, Retain").isFalse();
    assertThat(finalSnapshot(adopt)).as("adopted, Retain by default").isFalse();
    assertThat(finalSnapshot(adopt + "deletionPolicy: Snapshot\n"))
        .as("adopted, Snapshot")
        .isTrue();
    assertThat(finalSnapshot(adopt + "deletionPolicy: Delete\n"))
        .as("adopted, Delete: its data predates the resource")
        .isTrue();
    assertThat(finalSnapshot(adopt + "deletionPolicy: Delete\nskipFinalSnapshot: false\n"))
        .isTrue();
    assertThat(finalSnapshot(adopt + "deletionPolicy: Delete\nskipFinalSnapshot: true\n"))
        .as("adopted, Delete, explicitly without")
        .isFalse();
  }

  private static boolean finalSnapshot(String rdsYaml) {
    return new RdsDesiredInstance(RdsResources.of("shop", "todo", rdsYaml), DEFAULTS)
        .takesFinalSnapshot();
  }
}
