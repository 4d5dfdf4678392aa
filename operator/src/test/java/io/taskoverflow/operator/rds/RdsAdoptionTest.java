package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.DeletionPolicy;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.kube.EventReason;
import io.taskoverflow.operator.support.Checked;
import io.taskoverflow.operator.testsupport.RdsResources;
import io.taskoverflow.operator.testsupport.ScriptedRdsGateway;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Adoption needs the owner's consent tag and credentials that log in, and then changes nothing the
 * spec leaves unset. (The login is a stand-in here; RdsAdoptionIT logs in to a real PostgreSQL.)
 */
class RdsAdoptionTest {

  private static final OperatorConfig CONFIG = OperatorConfig.fromEnv(Map.of());
  private static final Checked<RdsCredentials> CREDENTIALS =
      Checked.of(new RdsCredentials("legacy", "legacy-password"));
  private static final String ADOPT =
      "instanceIdentifier: legacy\nmasterSecretRef: {name: legacy-master}\n";

  private final ScriptedRdsGateway aws = new ScriptedRdsGateway();
  private final TaskOverflow resource = RdsResources.of("team-a", "shop", ADOPT);
  private boolean loginAccepted = true;
  private final RdsLifecycle lifecycle =
      new RdsLifecycle(
          aws,
          (instance, credentials) ->
              loginAccepted
                  ? Optional.empty()
                  : Optional.of(
                      RdsObservation.needsUser(
                          instance.identifier(),
                          Optional.of(instance),
                          "MasterCredentialsRejected",
                          "refused")));

  @Test
  void anInstanceWithoutItsOwnersConsentIsNeitherTaggedNorChanged() {
    existing(Map.of("team", "tasks"));

    RdsObservation seen = reconcile(resource, Optional.empty());

    assertThat(seen)
        .isInstanceOfSatisfying(
            RdsObservation.Blocked.class,
            blocked -> {
              assertThat(blocked.reason()).isEqualTo("AdoptionNotPermitted");
              assertThat(blocked.message())
                  .contains(RdsTags.ADOPTABLE_BY + "=team-a/shop")
                  .contains("does not exist in this account and region, or");
              assertThat(blocked.instance()).as("nothing of it reaches the app").isEmpty();
            });
    assertThat(aws.count("AddTagsToResource")).isZero();
    assertThat(aws.count("ModifyDBInstance")).isZero();
  }

  @Test
  void consentForAnotherResourceDoesNotCount() {
    existing(Map.of(RdsTags.ADOPTABLE_BY, "team-b/shop"));

    assertThat(((RdsObservation.Blocked) reconcile(resource, Optional.empty())).reason())
        .isEqualTo("AdoptionNotPermitted");
    assertThat(aws.count("AddTagsToResource")).isZero();
  }

  @Test
  void credentialsThatDoNotLogInBlockTheAdoption() {
    existing(Map.of(RdsTags.ADOPTABLE_BY, "team-a/shop"));
    loginAccepted = false;

    RdsObservation seen = reconcile(resource, Optional.empty());

    assertThat(((RdsObservation.Blocked) seen).reason()).isEqualTo("MasterCredentialsRejected");
    assertThat(seen.instance()).isEmpty();
    assertThat(aws.count("AddTagsToResource")).isZero();
  }

  @Test
  void aConsentingInstanceIsAdoptedAndKeepsWhatTheSpecLeavesUnset() {
    existing(Map.of(RdsTags.ADOPTABLE_BY, "team-a/shop"));

    RdsObservation adopted = reconcile(resource, Optional.empty());
    assertThat(adopted).isInstanceOf(RdsObservation.Observed.class);
    RdsInstance tagged = aws.instance("legacy").orElseThrow();
    assertThat(tagged.tags()).containsEntry(RdsTags.UID, resource.getMetadata().getUid());
    assertThat(tagged.tags()).as("the consent is used up").doesNotContainKey(RdsTags.ADOPTABLE_BY);
    assertThat(adopted.instance().orElseThrow().tags()).isEqualTo(tagged.tags());
    assertThat(adopted.events())
        .extracting(RdsEvent::reason)
        .containsExactly(EventReason.AdoptedInstance);

    reconcile(resource, Optional.of(tagged));

    assertThat(aws.count("ModifyDBInstance")).as("late initialization: no defaults").isZero();
    assertThat(new RdsDesiredInstance(resource, CONFIG.rds()).deletionPolicy())
        .as("an adopted instance is left running unless asked")
        .isEqualTo(DeletionPolicy.Retain);
  }

  @Test
  void aReleasedInstanceCannotBeAdoptedAgainWithoutItsOwnersConsentAnew() {
    existing(Map.of(RdsTags.ADOPTABLE_BY, "team-a/shop"));
    reconcile(resource, Optional.empty());
    RdsInstance adopted = aws.instance("legacy").orElseThrow();
    // deletionPolicy Retain lets it go: the ownership tags are removed.
    aws.retag(adopted.arn(), Map.of(), RdsTags.ownership());
    TaskOverflow again = RdsResources.of("team-a", "shop", ADOPT);
    again.getMetadata().setUid("uid-of-the-second-shop");

    assertThat(((RdsObservation.Blocked) reconcile(again, Optional.empty())).reason())
        .isEqualTo("AdoptionNotPermitted");

    aws.retag(adopted.arn(), Map.of(RdsTags.ADOPTABLE_BY, "team-a/shop"), Set.of());
    assertThat(reconcile(again, Optional.empty())).isInstanceOf(RdsObservation.Observed.class);
    assertThat(aws.instance("legacy").orElseThrow().tags())
        .containsEntry(RdsTags.UID, "uid-of-the-second-shop")
        .doesNotContainKey(RdsTags.ADOPTABLE_BY);
  }

  @Test
  void anAdoptionCutShortBeforeTheConsentWasRemovedIsFinishedByTheNextReconcile() {
    existing(Map.of(RdsTags.ADOPTABLE_BY, "team-a/shop"));
    RdsInstance legacy = aws.instance("legacy").orElseThrow();
    // The owner's tags were written; the operator stopped before the consent was removed.
    aws.retag(legacy.arn(), RdsTags.owner(resource), Set.of());

    RdsObservation seen = reconcile(resource, aws.instance("legacy"));

    assertThat(aws.instance("legacy").orElseThrow().tags())
        .doesNotContainKey(RdsTags.ADOPTABLE_BY)
        .containsEntry(RdsTags.UID, resource.getMetadata().getUid());
    assertThat(seen)
        .isInstanceOfSatisfying(
            RdsObservation.Observed.class,
            observed -> {
              assertThat(observed.instance().orElseThrow().tags())
                  .doesNotContainKey(RdsTags.ADOPTABLE_BY);
              assertThat(observed.events())
                  .extracting(RdsEvent::reason)
                  .containsExactly(EventReason.AdoptionConsentRemoved);
              assertThat(observed.events().get(0).message()).doesNotContain("team-a/shop");
            });
    long retags = aws.count("Retag");
    reconcile(resource, aws.instance("legacy"));
    assertThat(aws.count("Retag")).as("nothing left to remove").isEqualTo(retags);
  }

  @Test
  void aConsentForAnotherResourceOnAnOwnedInstanceIsTheOwnersToKeep() {
    existing(Map.of(RdsTags.ADOPTABLE_BY, "team-a/shop"));
    reconcile(resource, Optional.empty());
    RdsInstance owned = aws.instance("legacy").orElseThrow();
    aws.retag(owned.arn(), Map.of(RdsTags.ADOPTABLE_BY, "team-a/next-shop"), Set.of());

    reconcile(resource, aws.instance("legacy"));

    assertThat(aws.instance("legacy").orElseThrow().tags())
        .containsEntry(RdsTags.ADOPTABLE_BY, "team-a/next-shop");
  }

  @Test
  void onAnAdoptedInstanceOnlyWhatTheSpecSetsIsChanged() {
    existing(Map.of(RdsTags.ADOPTABLE_BY, "team-a/shop"));
    TaskOverflow bigger = RdsResources.of("team-a", "shop", ADOPT + "instanceClass: db.t3.small\n");
    reconcile(bigger, Optional.empty());

    reconcile(bigger, aws.instance("legacy"));

    RdsInstance after = aws.instance("legacy").orElseThrow();
    assertThat(after.target().instanceClass()).isEqualTo("db.t3.small");
    assertThat(after.target().multiAZ()).isTrue();
    assertThat(after.target().backupRetentionDays()).isEqualTo(7);
  }

  private RdsObservation reconcile(TaskOverflow resource, Optional<RdsInstance> cached) {
    return lifecycle.reconcile(
        new RdsLifecycle.Inputs(
            resource,
            new RdsDesiredInstance(resource, CONFIG.rds()),
            cached,
            CREDENTIALS,
            Optional.empty()));
  }

  /** An instance made in AWS by its owner: multi-AZ, a week of backups. */
  private void existing(Map<String, String> tags) {
    aws.ownersInstance("legacy", tags);
  }
}
