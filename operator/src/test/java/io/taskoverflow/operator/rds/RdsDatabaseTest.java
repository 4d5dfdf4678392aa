package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.database.Recheck;
import io.taskoverflow.operator.support.Checked;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DatabaseReady in mode RDS for each state AWS reports, including those moto never shows, and while
 * the app's role is not set up.
 */
class RdsDatabaseTest {

  private static final Checked<RdsCredentials> CREDENTIALS =
      Checked.of(new RdsCredentials("taskoverflow", "pw"));
  private static final Optional<RdsAppRole> ROLE =
      Optional.of(
          new RdsAppRole.InPlace(
              new DatabaseConnection("shop-todo-1.rds.test", 5432, "todo", "todo_app", "app-pw", "")
                  .verifiedBy("CA")));

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // status,      endpoint, ready, actionRequired, reason
    "creating,       false,    false, false, InstanceCreating",
    "backing-up,     true,     true,  false, DatabaseAvailable",
    "available,      true,     true,  false, DatabaseAvailable",
    "modifying,      true,     true,  false, DatabaseAvailable",
    "rebooting,      true,     false, false, InstanceNotAvailable",
    "upgrading,      true,     false, false, InstanceNotAvailable",
    "storage-full,   true,     false, true,  InstanceStorageFull",
    "failed,         true,     false, true,  InstanceFailed",
    "incompatible-network, true, false, true, InstanceIncompatibleNetwork",
    "stopped,        true,     false, true,  InstanceStopped",
  })
  void readinessFollowsTheAwsStatus(
      String status, boolean endpoint, boolean ready, boolean actionRequired, String reason) {
    DatabaseReadiness readiness =
        RdsDatabase.readiness(outcome(instance(status, endpoint)), CREDENTIALS, ROLE);

    assertThat(readiness.ready()).isEqualTo(ready);
    assertThat(readiness.actionRequired()).isEqualTo(actionRequired);
    assertThat(readiness.reason()).isEqualTo(reason);
    assertThat(readiness.state()).as("the status mirrors AWS").isEqualTo(status);
    assertThat(readiness.instanceId()).isEqualTo("shop-todo-1");
  }

  @Test
  void anAwsErrorIsReportedWithItsCodeAndUserErrorsNeedAction() {
    RdsObservation denied =
        RdsObservation.failed(
            "shop-todo-1",
            Optional.empty(),
            new RdsRequestException("CreateDBInstance", "AccessDenied", "not authorized"));
    RdsObservation throttled =
        RdsObservation.failed(
            "shop-todo-1",
            Optional.empty(),
            new RdsRequestException("CreateDBInstance", "Throttling", "slow down"));

    DatabaseReadiness deniedReadiness =
        RdsDatabase.readiness(Optional.of(denied), CREDENTIALS, ROLE);
    assertThat(deniedReadiness.reason()).isEqualTo("AccessDenied");
    assertThat(deniedReadiness.message()).contains("CreateDBInstance").contains("not authorized");
    assertThat(deniedReadiness.actionRequired()).isTrue();
    assertThat(RdsDatabase.readiness(Optional.of(throttled), CREDENTIALS, ROLE).actionRequired())
        .isFalse();
  }

  @Test
  void pendingModificationsAreNamedWhileTheDatabaseServes() {
    RdsInstance pending =
        new RdsInstance(
            "shop-todo-1",
            "arn",
            "available",
            "h",
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
            List.of(),
            "u",
            Map.of(),
            new RdsSettingsChange("db.t3.small", null, null, null, null, null, null));

    DatabaseReadiness readiness = RdsDatabase.readiness(outcome(pending), CREDENTIALS, ROLE);

    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.message()).contains("next maintenance window").contains("db.t3.small");
  }

  @Test
  void anAvailableInstanceWaitsForTheAppsRole() {
    DatabaseReadiness notYet =
        RdsDatabase.readiness(outcome(instance("available", true)), CREDENTIALS, Optional.empty());
    DatabaseReadiness refused =
        RdsDatabase.readiness(
            outcome(instance("available", true)),
            CREDENTIALS,
            Optional.of(
                new RdsAppRole.Missing(
                    "ServerCertificateNotVerified", "could not be verified", true)));

    assertThat(notYet.ready()).isFalse();
    assertThat(notYet.actionRequired()).isFalse();
    assertThat(notYet.reason()).isEqualTo("AppRolePending");
    assertThat(notYet.message()).contains("todo_app");
    assertThat(refused.ready()).isFalse();
    assertThat(refused.actionRequired()).isTrue();
    assertThat(refused.reason()).isEqualTo("ServerCertificateNotVerified");
  }

  @Test
  void aLoginThatPassesByItselfIsTriedAgainSoonAndTheRestLater() {
    DatabaseReadiness unreachable =
        RdsDatabase.readiness(
            outcome(instance("available", true)),
            CREDENTIALS,
            Optional.of(new RdsAppRole.Missing("InstanceUnreachable", "no answer", false)));
    DatabaseReadiness beingReset =
        RdsDatabase.readiness(
            outcome(instance("available", true)),
            CREDENTIALS,
            Optional.of(new RdsAppRole.Missing("MasterCredentialsRejected", "refused", false)));
    DatabaseReadiness usersCredentialsRefused =
        RdsDatabase.readiness(
            outcome(instance("available", true)),
            CREDENTIALS,
            Optional.of(new RdsAppRole.Missing("MasterCredentialsRejected", "refused", true)));
    DatabaseReadiness creating =
        RdsDatabase.readiness(outcome(instance("creating", false)), CREDENTIALS, Optional.empty());
    DatabaseReadiness ready =
        RdsDatabase.readiness(outcome(instance("available", true)), CREDENTIALS, ROLE);

    RdsDatabase rds = RdsDatabase.PROVISIONER;
    assertThat(rds.recheck(unreachable)).contains(Recheck.SOON);
    assertThat(rds.recheck(beingReset)).contains(Recheck.SOON);
    assertThat(rds.recheck(usersCredentialsRefused)).contains(Recheck.LATER);
    assertThat(rds.recheck(creating)).contains(Recheck.LATER);
    assertThat(rds.recheck(ready)).isEmpty();
  }

  @Test
  void theInstancesOwnStateComesBeforeTheRole() {
    DatabaseReadiness creating =
        RdsDatabase.readiness(outcome(instance("creating", false)), CREDENTIALS, Optional.empty());

    assertThat(creating.reason()).isEqualTo("InstanceCreating");
  }

  private static Optional<RdsObservation> outcome(RdsInstance instance) {
    return Optional.of(RdsObservation.Observed.as("shop-todo-1", Optional.of(instance)));
  }

  private static RdsInstance instance(String status, boolean endpoint) {
    return new RdsInstance(
        "shop-todo-1",
        "arn",
        status,
        endpoint ? "shop-todo-1.rds.test" : null,
        endpoint ? 5432 : null,
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
        List.of(),
        "taskoverflow",
        Map.of(),
        null);
  }
}
