package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.kube.EventReason;
import io.taskoverflow.operator.support.Checked;
import io.taskoverflow.operator.testsupport.RdsResources;
import io.taskoverflow.operator.testsupport.ScriptedRdsGateway;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decisions about an instance, with a scripted AWS and no Kubernetes at all. */
class RdsLifecycleTest {

  private static final OperatorConfig CONFIG =
      OperatorConfig.fromEnv(
          Map.of("RDS_SUBNET_GROUP", "group", "RDS_SECURITY_GROUP_IDS", "sg-0123456789abcdef0"));
  private static final Checked<RdsCredentials> CREDENTIALS =
      Checked.of(new RdsCredentials("taskoverflow", "a-generated-password"));

  private final ScriptedRdsGateway aws = new ScriptedRdsGateway();
  private final RdsLifecycle lifecycle =
      new RdsLifecycle(aws, (instance, credentials) -> Optional.empty());
  private final TaskOverflow resource = RdsResources.of("shop", "todo", "");

  @Test
  void noInstanceYetIsCreatedTaggedWithTheMasterSecretItsPasswordCameFrom() {
    RdsObservation seen = lifecycle.reconcile(inputs(Optional.empty(), CREDENTIALS));

    assertThat(seen)
        .isInstanceOfSatisfying(
            RdsObservation.Observed.class,
            observed -> {
              assertThat(observed.created()).isTrue();
              assertThat(observed.events())
                  .extracting(RdsEvent::reason)
                  .containsExactly(EventReason.CreatingInstance);
              assertThat(observed.events().get(0).message()).doesNotContain("a-generated-password");
            });
    assertThat(aws.instance(seen.identifier()).orElseThrow().tags())
        .containsEntry(RdsTags.MASTER_SECRET_UID, "secret-uid-1")
        .containsEntry(RdsTags.UID, resource.getMetadata().getUid());
  }

  @Test
  void withoutCredentialsNothingIsRequestedAndTheObservationWaits() {
    RdsObservation seen =
        lifecycle.reconcile(
            inputs(Optional.empty(), Checked.problem("MasterSecretPending", "waiting")));

    assertThat(seen)
        .isEqualTo(
            RdsObservation.waiting(
                seen.identifier(), Optional.empty(), "MasterSecretPending", "waiting"));
    assertThat(aws.count("CreateDBInstance")).isZero();
  }

  @Test
  void anAwsErrorIsAnObservationNotAnException() {
    aws.failCreates(new RdsRequestException("CreateDBInstance", "AccessDenied", "not authorized"));

    RdsObservation seen = lifecycle.reconcile(inputs(Optional.empty(), CREDENTIALS));

    assertThat(seen)
        .isInstanceOfSatisfying(
            RdsObservation.Blocked.class,
            blocked -> {
              assertThat(blocked.reason()).isEqualTo("AccessDenied");
              assertThat(blocked.actionRequired()).isTrue();
            });
  }

  @Test
  void anInstanceOfAnotherResourceIsNeitherModifiedNorReset() {
    RdsInstance created = createdAvailable();
    TaskOverflow later = RdsResources.of("shop", "todo", "multiAZ: true\n");
    later.getMetadata().setUid("another-uid");

    RdsObservation seen =
        lifecycle.reconcile(
            new RdsLifecycle.Inputs(
                later,
                new RdsDesiredInstance(later, CONFIG.rds()),
                Optional.of(created),
                CREDENTIALS,
                Optional.of("secret-uid-2")));

    assertThat(seen).isInstanceOf(RdsObservation.Blocked.class);
    assertThat(((RdsObservation.Blocked) seen).reason()).isEqualTo("InstanceConflict");
    assertThat(aws.count("ModifyDBInstance")).isZero();
  }

  @Test
  void aNewMasterSecretGetsItsPasswordSetAndTheInstanceRetagged() {
    RdsInstance created = createdAvailable();

    RdsObservation seen =
        lifecycle.reconcile(
            new RdsLifecycle.Inputs(
                resource,
                new RdsDesiredInstance(resource, CONFIG.rds()),
                Optional.of(created),
                CREDENTIALS,
                Optional.of("secret-uid-2")));

    assertThat(aws.count("ModifyDBInstance")).isEqualTo(1);
    assertThat(aws.instance(created.identifier()).orElseThrow().tags())
        .containsEntry(RdsTags.MASTER_SECRET_UID, "secret-uid-2");
    assertThat(seen.events())
        .extracting(RdsEvent::reason)
        .containsExactly(EventReason.MasterPasswordReset);
  }

  @Test
  void aSettledInstanceAsTheSpecSaysCostsNoRequest() {
    RdsInstance created = createdAvailable();
    long before = aws.count("ModifyDBInstance") + aws.count("CreateDBInstance");

    RdsObservation seen = lifecycle.reconcile(inputs(Optional.of(created), CREDENTIALS));

    assertThat(seen)
        .isEqualTo(RdsObservation.Observed.as(created.identifier(), Optional.of(created)));
    assertThat(aws.count("ModifyDBInstance") + aws.count("CreateDBInstance")).isEqualTo(before);
  }

  private RdsInstance createdAvailable() {
    RdsObservation created = lifecycle.reconcile(inputs(Optional.empty(), CREDENTIALS));
    aws.setStatus(created.identifier(), "available");
    return aws.instance(created.identifier()).orElseThrow();
  }

  private RdsLifecycle.Inputs inputs(
      Optional<RdsInstance> cached, Checked<RdsCredentials> credentials) {
    return new RdsLifecycle.Inputs(
        resource,
        new RdsDesiredInstance(resource, CONFIG.rds()),
        cached,
        credentials,
        Optional.of("secret-uid-1"));
  }
}
