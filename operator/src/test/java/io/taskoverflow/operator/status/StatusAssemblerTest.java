package io.taskoverflow.operator.status;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import io.taskoverflow.operator.app.AppReadiness;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.rds.RdsObservation;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAssemblerTest {

  private static final DatabaseReadiness DB_READY =
      DatabaseReadiness.ready("demo-postgres.ns.svc", 5432, "PostgreSQL is ready");
  private static final AppReadiness APP_READY =
      new AppReadiness(true, "ReplicasReady", "2/2 replicas ready", 2, 2);
  private static final Optional<Service> NO_SERVICE = Optional.empty();
  private static final AppReadiness APP_DOWN =
      new AppReadiness(false, "ReplicasNotReady", "1/2 replicas ready", 2, 1);

  @Test
  void readyWhenDatabaseAndAppAre() {
    TaskOverflowStatus status =
        StatusAssembler.assemble(resource(), DB_READY, Optional.of(APP_READY), NO_SERVICE);
    assertThat(status.phase()).isEqualTo(Phase.Ready);
    assertThat(status.app().url()).isEqualTo("http://demo.ns.svc/");
    assertThat(status.conditions())
        .filteredOn(c -> !List.of("Reconciling", "Stalled").contains(c.getType()))
        .extracting(Condition::getStatus)
        .containsOnly("True");
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("False");
    assertThat(status.conditions()).extracting(Condition::getObservedGeneration).containsOnly(1L);
  }

  @Test
  void aResourceOnItsWayIsReconcilingAndNotStalled() {
    DatabaseReadiness starting =
        DatabaseReadiness.notReady("DatabaseStarting", "waiting for PostgreSQL", "h", 5432, "s");
    TaskOverflowStatus status =
        StatusAssembler.assemble(resource(), starting, Optional.empty(), NO_SERVICE);

    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Reconciling").getReason()).isEqualTo("DatabaseStarting");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void aProblemOnlyTheUserCanFixStallsAtOnceWithItsReasonAndMessage() {
    DatabaseReadiness missing =
        DatabaseReadiness.actionRequired(
            "SecretNotFound", "Secret x not found", null, null, "invalid");
    TaskOverflowStatus status =
        StatusAssembler.assemble(resource(), missing, Optional.empty(), NO_SERVICE);

    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Stalled").getReason()).isEqualTo("SecretNotFound");
    assertThat(condition(status, "Stalled").getMessage()).isEqualTo("Secret x not found");
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
  }

  @Test
  void anImagePullFailureStallsOnlyOnceItOutlastsItsGrace() {
    TaskOverflow resource = resource();
    AppReadiness pulling =
        new AppReadiness(false, "ImagePullFailed", "container todo cannot pull image", 2, 0);
    TaskOverflowStatus fresh =
        StatusAssembler.assemble(resource, DB_READY, Optional.of(pulling), NO_SERVICE);
    assertThat(condition(fresh, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(fresh, "Reconciling").getReason()).isEqualTo("ImagePullFailed");
    assertThat(StallPolicy.nextStall(fresh, Instant.now()))
        .hasValueSatisfying(left -> assertThat(left).isBetween(ofSeconds(25), ofSeconds(31)));

    condition(fresh, "Ready").setLastTransitionTime(Instant.now().minusSeconds(31).toString());
    resource.setStatus(fresh);
    TaskOverflowStatus later =
        StatusAssembler.assemble(resource, DB_READY, Optional.of(pulling), NO_SERVICE);

    assertThat(condition(later, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(later, "Stalled").getReason()).isEqualTo("ImagePullFailed");
    assertThat(condition(later, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(StallPolicy.nextStall(later, Instant.now())).isEmpty();
  }

  @Test
  void aNameTakenByAnotherObjectStallsAtOnce() {
    TaskOverflowStatus failed =
        StatusAssembler.failed(
            resource(),
            new ReconcileFailure(true, StallPolicy.NAME_TAKEN, "app-service: Service demo taken"),
            NO_SERVICE);

    assertThat(condition(failed, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("NameTaken");
  }

  @Test
  void aLoadBalancersAddressBecomesTheUrlAndTheReadyMessage() {
    TaskOverflow balanced =
        TaskOverflows.parse(
            "ns",
            "demo",
            "replicas: 2\nservice: {type: LoadBalancer, port: 80}\n"
                + "database: {mode: InCluster, name: todo}");
    balanced.getMetadata().setGeneration(1L);
    Service service =
        new ServiceBuilder()
            .withNewSpec()
            .withType("LoadBalancer")
            .endSpec()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withHostname("demo-1.us-east-1.elb.amazonaws.com")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();

    TaskOverflowStatus status =
        StatusAssembler.assemble(balanced, DB_READY, Optional.of(APP_READY), Optional.of(service));

    assertThat(status.app().url()).isEqualTo("http://demo-1.us-east-1.elb.amazonaws.com/");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("TaskOverflow serves at http://demo-1.us-east-1.elb.amazonaws.com/");
  }

  @Test
  void userErrorsFailAndTransientOnesProvision() {
    DatabaseReadiness missing =
        DatabaseReadiness.actionRequired(
            "SecretNotFound", "Secret x not found", null, null, "invalid");
    DatabaseReadiness starting =
        DatabaseReadiness.notReady("DatabaseStarting", "waiting", "h", 5432, "starting");
    assertThat(StatusAssembler.assemble(resource(), missing, Optional.empty(), NO_SERVICE).phase())
        .isEqualTo(Phase.Failed);
    assertThat(StatusAssembler.assemble(resource(), starting, Optional.empty(), NO_SERVICE).phase())
        .isEqualTo(Phase.Provisioning);
  }

  @Test
  void aFailureOfTheAppsObjectsIsReportedOnAppReadyAndKeepsTheDatabaseAsItWas() {
    TaskOverflow resource = resource();
    resource.setStatus(
        StatusAssembler.assemble(resource, DB_READY, Optional.of(APP_READY), NO_SERVICE));

    TaskOverflowStatus failed =
        StatusAssembler.failed(
            resource,
            new ReconcileFailure(true, "ReconcileError", "ingress: admission webhook denied it"),
            NO_SERVICE);

    assertThat(condition(failed, "DatabaseReady").getStatus()).isEqualTo("True");
    assertThat(condition(failed, "AppReady").getReason()).isEqualTo("ReconcileError");
    assertThat(condition(failed, "AppReady").getMessage())
        .isEqualTo("ingress: admission webhook denied it");
    assertThat(failed.database().endpoint()).isEqualTo("demo-postgres.ns.svc");
    assertThat(failed.phase()).isEqualTo(Phase.Degraded);
  }

  @Test
  void aFailureOfTheDatabasesObjectsIsReportedOnDatabaseReady() {
    TaskOverflowStatus failed =
        StatusAssembler.failed(
            resource(),
            new ReconcileFailure(false, "ReconcileError", "database: quota"),
            NO_SERVICE);

    assertThat(condition(failed, "DatabaseReady").getReason()).isEqualTo("ReconcileError");
    assertThat(condition(failed, "DatabaseReady").getMessage()).isEqualTo("database: quota");
  }

  @Test
  void anAppThatStopsServingIsDegradedAndKeepsItsTransitionTimes() {
    TaskOverflow resource = resource();
    resource.setStatus(
        StatusAssembler.assemble(resource, DB_READY, Optional.of(APP_READY), NO_SERVICE));

    TaskOverflowStatus degraded =
        StatusAssembler.assemble(resource, DB_READY, Optional.of(APP_DOWN), NO_SERVICE);

    assertThat(degraded.phase()).isEqualTo(Phase.Degraded);
    assertThat(transition(degraded, "DatabaseReady"))
        .isEqualTo(transition(resource.getStatus(), "DatabaseReady"));
    assertThat(condition(degraded, "Ready").getMessage()).isEqualTo("1/2 replicas ready");
  }

  @Test
  void aSpecThatCannotBeWorkedFromFailsOnReadyAndKeepsWhatWasKnown() {
    TaskOverflow resource = resource();
    resource.setStatus(
        StatusAssembler.assemble(resource, DB_READY, Optional.of(APP_READY), NO_SERVICE));

    TaskOverflowStatus invalid =
        AmendedStatus.invalidSpec(resource, "spec.replicas cannot be read: not a number");

    assertThat(invalid.phase()).isEqualTo(Phase.Failed);
    assertThat(condition(invalid, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(invalid, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(invalid, "Ready").getMessage())
        .isEqualTo("spec.replicas cannot be read: not a number");
    assertThat(condition(invalid, "DatabaseReady"))
        .isEqualTo(condition(resource.getStatus(), "DatabaseReady"));
    assertThat(invalid.database()).isEqualTo(resource.getStatus().database());
    assertThat(invalid.app()).isEqualTo(resource.getStatus().app());
    assertThat(condition(invalid, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(invalid, "Stalled").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(invalid, "Reconciling").getStatus()).isEqualTo("False");
  }

  @Test
  void aSpecThatCannotBeWorkedFromBeforeAnyStatusHasOnlyReadyAndStalled() {
    TaskOverflowStatus invalid = AmendedStatus.invalidSpec(resource(), "spec is missing");

    assertThat(invalid.conditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "Reconciling", "Stalled");
    assertThat(invalid.database()).isNull();
  }

  @Test
  void aDeletionIsReconcilingUntilItNeedsTheUser() {
    TaskOverflow resource = resource();
    var waiting =
        new RdsObservation.Deleting(
            "ns-demo-1", "InstanceDeleting", "deleting the instance", false, null, null, List.of());
    var refused =
        new RdsObservation.Deleting(
            "ns-demo-1", "AccessDenied", "not allowed to delete", true, null, null, List.of());

    TaskOverflowStatus deleting = AmendedStatus.deleting(resource, waiting);
    TaskOverflowStatus blocked = AmendedStatus.deleting(resource, refused);

    assertThat(condition(deleting, "Reconciling"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "InstanceDeleting");
    assertThat(condition(deleting, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(blocked, "Stalled"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "AccessDenied");
  }

  @Test
  void sameObservationGivesAnEqualStatus() {
    TaskOverflow resource = resource();
    resource.setStatus(
        StatusAssembler.assemble(resource, DB_READY, Optional.of(APP_READY), NO_SERVICE));
    assertThat(StatusAssembler.assemble(resource, DB_READY, Optional.of(APP_READY), NO_SERVICE))
        .isEqualTo(resource.getStatus());
  }

  private static TaskOverflow resource() {
    TaskOverflow resource =
        new KubernetesSerialization()
            .unmarshal(
                "apiVersion: taskoverflow.io/v1alpha1\nkind: TaskOverflow\n"
                    + "metadata: {name: demo, namespace: ns, generation: 1}\n"
                    + "spec: {replicas: 2, service: {type: ClusterIP, port: 80},"
                    + " database: {mode: InCluster, name: todo}}\n",
                TaskOverflow.class);
    return resource;
  }

  private static Condition condition(TaskOverflowStatus status, String type) {
    return status.conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static String transition(TaskOverflowStatus status, String type) {
    return condition(status, type).getLastTransitionTime();
  }
}
