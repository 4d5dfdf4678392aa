package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.support.Checked;
import io.taskoverflow.operator.testsupport.RdsResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When the app's role is set up on an RDS instance, with which password, and what the connection
 * Secret gets: a login as master only when something is new, never for an instance that is not the
 * resource's.
 */
class RdsAppRoleDependentTest {

  private static final TaskOverflow RESOURCE = RdsResources.of("shop", "todo", "");
  private static final TaskOverflow ADOPTING =
      RdsResources.of(
          "shop", "legacy", "instanceIdentifier: legacy-todo\nmasterSecretRef: {name: legacy}\n");
  private static final Checked<RdsCredentials> MASTER =
      Checked.of(new RdsCredentials("taskoverflow", "master-pw"));
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  /** The setups asked for, and what the next one answers. */
  private final List<Call> calls = new ArrayList<>();

  private Optional<RdsObservation.Blocked> answer = Optional.empty();
  private final RdsAppRoleDependent step =
      new RdsAppRoleDependent(
          (instance, master, database, app) -> {
            calls.add(new Call(master, database, app));
            return answer;
          },
          CA);

  private record Call(AppRoleSetup.Master master, String database, RdsCredentials app) {}

  @Test
  void aNewResourceGetsTheRoleWithANewPasswordAndAVerifiedConnection() {
    RdsAppRole role = step.reconcile(RESOURCE, seen(available(RESOURCE)), MASTER, Optional.empty());

    assertThat(calls).hasSize(1);
    Call call = calls.get(0);
    assertThat(call.database()).isEqualTo("todo");
    assertThat(call.app().username()).isEqualTo("todo_app");
    assertThat(call.app().password()).hasSize(32).isNotEqualTo("master-pw");
    assertThat(call.master().credentials()).isEqualTo(MASTER.value());
    assertThat(call.master().origin()).isEqualTo("Secret todo-db-master");
    assertThat(call.master().usersOwn()).isFalse();
    DatabaseConnection connection = role.usableConnection().orElseThrow();
    assertThat(connection.secretData())
        .containsEntry("host", "shop-todo.rds.test")
        .containsEntry("username", "todo_app")
        .containsEntry("password", call.app().password())
        .containsEntry("ca.crt", CA);
    assertThat(connection.uri())
        .endsWith("/todo?sslmode=verify-full&sslrootcert=/etc/taskoverflow/database/ca.crt");
  }

  @Test
  void onceSetUpTheKeptPasswordNeedsNoLogin() {
    String password =
        step.reconcile(RESOURCE, seen(available(RESOURCE)), MASTER, Optional.empty())
            .usableConnection()
            .orElseThrow()
            .password();

    RdsAppRole again = step.reconcile(RESOURCE, seen(available(RESOURCE)), MASTER, kept(password));

    assertThat(calls).hasSize(1);
    assertThat(again.usableConnection().orElseThrow().password()).isEqualTo(password);
  }

  @Test
  void aSecretOfTheMasterUserOrARestartOrANewInstanceLogsInOnce() {
    step.reconcile(RESOURCE, seen(available(RESOURCE)), MASTER, Optional.empty());
    assertThat(calls).as("the Secret of an existing deployment (master user)").hasSize(1);

    RdsAppRoleDependent restarted =
        new RdsAppRoleDependent(
            (instance, master, database, app) -> {
              calls.add(new Call(master, database, app));
              return Optional.empty();
            },
            CA);
    restarted.reconcile(RESOURCE, seen(available(RESOURCE)), MASTER, kept("kept-pw"));
    restarted.reconcile(RESOURCE, seen(available(RESOURCE)), MASTER, kept("kept-pw"));
    assertThat(calls).as("after a restart, once, with the password kept").hasSize(2);
    assertThat(calls.get(1).app().password()).isEqualTo("kept-pw");

    restarted.reconcile(
        RESOURCE,
        Optional.of(
            new RdsObservation.Observed(
                "shop-todo", Optional.of(available(RESOURCE)), null, true, List.of())),
        MASTER,
        kept("kept-pw"));
    assertThat(calls).as("an instance created anew has no role").hasSize(3);
  }

  @Test
  void aRefusalBecomesTheReasonAndNothingIsRemembered() {
    answer =
        Optional.of(
            RdsObservation.needsUser(
                "shop-todo",
                Optional.empty(),
                "ServerCertificateNotVerified",
                "the TLS certificate could not be verified"));

    RdsAppRole role = step.reconcile(RESOURCE, seen(available(RESOURCE)), MASTER, kept("pw"));
    step.reconcile(RESOURCE, seen(available(RESOURCE)), MASTER, kept("pw"));

    assertThat(role)
        .isEqualTo(
            new RdsAppRole.Missing(
                "ServerCertificateNotVerified", "the TLS certificate could not be verified", true));
    assertThat(calls).as("tried again").hasSize(2);
  }

  @Test
  void noLoginToAnInstanceThatIsNotTheResourcesOrCannotServe() {
    RdsInstance someoneElses = available(RESOURCE).withTags(Map.of("team", "payments"));
    RdsInstance creating = available(RESOURCE).toBuilder().status("creating").build();
    RdsInstance noEndpoint = available(RESOURCE).toBuilder().endpoint(null).port(null).build();

    for (RdsInstance instance : List.of(someoneElses, creating, noEndpoint)) {
      RdsAppRole role = step.reconcile(RESOURCE, seen(instance), MASTER, Optional.empty());
      assertThat(role).isInstanceOf(RdsAppRole.Missing.class);
      assertThat(((RdsAppRole.Missing) role).reason()).isEqualTo("AppRolePending");
    }
    assertThat(step.reconcile(RESOURCE, Optional.empty(), MASTER, Optional.empty()))
        .isInstanceOf(RdsAppRole.Missing.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void anAdoptedInstanceIsSetUpByTheUsersMasterUser() {
    step.reconcile(ADOPTING, seen(available(ADOPTING)), MASTER, Optional.empty());

    assertThat(calls.get(0).master().origin())
        .isEqualTo("Secret legacy (database.rds.masterSecretRef)");
    assertThat(calls.get(0).master().usersOwn()).isTrue();
  }

  @Test
  void missingMasterCredentialsWaitWithTheirReason() {
    RdsAppRole role =
        step.reconcile(
            RESOURCE,
            seen(available(RESOURCE)),
            Checked.problem("MasterSecretPending", "waiting for the master password Secret"),
            Optional.empty());

    assertThat(role)
        .isEqualTo(
            new RdsAppRole.Missing(
                "MasterSecretPending", "waiting for the master password Secret", false));
    assertThat(calls).isEmpty();
  }

  private static Optional<String> kept(String password) {
    return Optional.of(password);
  }

  private static Optional<RdsObservation> seen(RdsInstance instance) {
    return Optional.of(RdsObservation.Observed.as(instance.identifier(), Optional.of(instance)));
  }

  private static RdsInstance available(TaskOverflow owner) {
    return RdsInstance.builder()
        .identifier("shop-todo")
        .arn("arn:aws:rds:eu-west-1:1:db:shop-todo")
        .status("available")
        .endpoint("shop-todo.rds.test")
        .port(5432)
        .engineVersion("17.4")
        .masterUsername("taskoverflow")
        .tags(RdsTags.owner(owner))
        .build();
  }
}
