package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.RdsResources;
import io.taskoverflow.operator.testsupport.ScriptedRdsGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Deleting an adopted instance keeps its data in a final snapshot unless the spec says
 * skipFinalSnapshot, and letting one go removes a consent its adoption left behind. (RdsDeletionIT
 * and RdsAdoptionIT do the same against moto.)
 */
class RdsInstanceRemovalTest {

  private static final OperatorConfig CONFIG =
      OperatorConfig.fromEnv(
          Map.of("RDS_SUBNET_GROUP", "group", "RDS_SECURITY_GROUP_IDS", "sg-0123456789abcdef0"));
  private static final String ADOPT =
      "instanceIdentifier: legacy\nmasterSecretRef: {name: legacy-master}\n";
  private static final String DELETED_AT = "2026-12-07T10:15:30Z";

  private final ScriptedRdsGateway aws = new ScriptedRdsGateway();
  private final RdsInstanceRemoval removal =
      new RdsInstanceRemoval(aws, Clock.fixed(Instant.parse(DELETED_AT), ZoneOffset.UTC));

  @Test
  void anAdoptedInstanceDeletedWithDeleteGetsAFinalSnapshot() {
    TaskOverflow resource = deleted(ADOPT + "deletionPolicy: Delete\n");
    RdsInstance legacy = adopted(resource, Map.of());

    RdsObservation seen = remove(resource, legacy);

    String snapshot = RdsIdentifier.finalSnapshot("legacy", DELETED_AT);
    assertThat(aws.finalSnapshots()).containsExactly(snapshot);
    assertThat(((RdsObservation.Deleting) seen).finalSnapshot()).isEqualTo(snapshot);
    assertThat(seen.events()).extracting(RdsEvent::message).anySatisfy(m -> m.contains(snapshot));
  }

  @Test
  void anAdoptedInstanceDeletedWithSkipFinalSnapshotGetsNone() {
    TaskOverflow resource = deleted(ADOPT + "deletionPolicy: Delete\nskipFinalSnapshot: true\n");

    RdsObservation seen = remove(resource, adopted(resource, Map.of()));

    assertThat(aws.count("DeleteDBInstance")).isOne();
    assertThat(aws.finalSnapshots()).isEmpty();
    assertThat(((RdsObservation.Deleting) seen).finalSnapshot()).isNull();
  }

  @Test
  void aCreatedInstanceDeletedWithDeleteGetsNone() {
    TaskOverflow resource = deleted("deletionPolicy: Delete\n");
    aws.create(new RdsDesiredInstance(resource, CONFIG.rds()).createRequest("u", "p").value());

    remove(resource, aws.instance(RdsIdentifier.of(resource)).orElseThrow());

    assertThat(aws.count("DeleteDBInstance")).isOne();
    assertThat(aws.finalSnapshots()).isEmpty();
  }

  @Test
  void retainingRemovesAConsentAnAdoptionCutShortLeftBehind() {
    TaskOverflow resource = deleted(ADOPT + "deletionPolicy: Retain\n");
    RdsInstance legacy =
        adopted(resource, Map.of(RdsTags.ADOPTABLE_BY, "team-a/shop", "team", "tasks"));

    assertThat(remove(resource, legacy)).isInstanceOf(RdsObservation.Gone.class);

    assertThat(aws.instance("legacy").orElseThrow().tags())
        .doesNotContainKeys(RdsTags.ADOPTABLE_BY, RdsTags.UID)
        .containsEntry("team", "tasks")
        .containsKey(RdsTags.RETAINED);
    assertThat(aws.count("DeleteDBInstance")).isZero();
  }

  private RdsObservation remove(TaskOverflow resource, RdsInstance instance) {
    RdsDesiredInstance want = new RdsDesiredInstance(resource, CONFIG.rds());
    return removal.remove(
        new RdsInstanceRemoval.Inputs(
            resource,
            want.deletionPolicy(),
            want.takesFinalSnapshot(),
            Optional.of(instance),
            Optional.empty(),
            Optional.empty(),
            secret -> {}));
  }

  private static TaskOverflow deleted(String rdsYaml) {
    TaskOverflow resource = RdsResources.of("team-a", "shop", rdsYaml);
    resource.getMetadata().setDeletionTimestamp(DELETED_AT);
    return resource;
  }

  /** An instance its owner made, already tagged as the resource's. */
  private RdsInstance adopted(TaskOverflow resource, Map<String, String> moreTags) {
    Map<String, String> tags = new HashMap<>(moreTags);
    tags.putAll(RdsTags.owner(resource));
    return aws.ownersInstance("legacy", tags);
  }
}
