package io.taskoverflow.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.OperatorException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcileFailureTest {

  private static final Set<String> APP = Set.of("app", "app-service", "ingress");

  @Test
  void aFailingAppObjectIsTheAppsWithItsRootCauseAndNoStackTrace() {
    var e =
        new AggregatedOperatorException(
            "Exception(s) during workflow execution.",
            Map.of(
                "ingress",
                new IllegalStateException(
                    "wrapped", new IllegalArgumentException("admission webhook denied it"))));

    ReconcileFailure failure = ReconcileFailure.of(e, APP);

    assertThat(failure.app()).isTrue();
    assertThat(failure.message()).isEqualTo("ingress: admission webhook denied it");
  }

  @Test
  void aFailingDatabaseObjectIsTheDatabases() {
    var e =
        new AggregatedOperatorException(
            "failed", Map.of("database", new IllegalStateException("quota exceeded")));

    assertThat(ReconcileFailure.of(e, APP))
        .isEqualTo(new ReconcileFailure(false, "ReconcileError", "database: quota exceeded"));
  }

  @Test
  void whenTheDatabaseAndTheAppFailTheDatabaseIsNamedWhateverItsNodeIsCalled() {
    var e =
        new AggregatedOperatorException(
            "failed",
            Map.of(
                "app-service", new IllegalStateException("forbidden"),
                "postgres", new IllegalStateException("quota exceeded")));

    assertThat(ReconcileFailure.of(e, APP))
        .isEqualTo(new ReconcileFailure(false, "ReconcileError", "postgres: quota exceeded"));
  }

  @Test
  void anyOtherExceptionIsReportedOnTheDatabaseWithItsRootMessage() {
    assertThat(ReconcileFailure.of(new RuntimeException(new IllegalStateException("boom")), APP))
        .isEqualTo(new ReconcileFailure(false, "ReconcileError", "boom"));
  }

  @Test
  void aWrappedWorkflowFailureOfTheApiServerIsOneLineWithoutClassNamesOrUrls() {
    var raw =
        new KubernetesClientException(
            "Failure executing: PATCH at: https://10.0.0.1:6443/api/v1/namespaces/ns/services/demo"
                + "?fieldManager=taskoverflow&force=true. Message: denied",
            422,
            new StatusBuilder()
                .withCode(422)
                .withMessage("Service \"demo\" is invalid: spec.ports[0].nodePort: Invalid value")
                .build());
    var aggregated =
        new AggregatedOperatorException(
            "Exception(s) during workflow execution.",
            Map.of("app-service", new IllegalStateException("apply failed", raw)));

    ReconcileFailure failure =
        ReconcileFailure.of(new OperatorException("wrapped", aggregated), APP);

    assertThat(failure.app()).isTrue();
    assertThat(failure.reason()).isEqualTo("ReconcileError");
    assertThat(failure.message())
        .isEqualTo(
            "app-service: Service \"demo\" is invalid: spec.ports[0].nodePort: Invalid value");
  }

  @Test
  void aNameTakenByAnotherObjectIsNameTaken() {
    var conflict =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(409)
                .withMessage("Operation cannot be fulfilled on services \"coll-postgres\"")
                .withNewDetails()
                .withKind("services")
                .withName("coll-postgres")
                .endDetails()
                .build());
    var aggregated = new AggregatedOperatorException("failed", Map.of("app-service", conflict));

    ReconcileFailure failure = ReconcileFailure.of(aggregated, APP);

    assertThat(failure.reason()).isEqualTo(StallPolicy.NAME_TAKEN);
    assertThat(failure.message()).startsWith("app-service: services coll-postgres already exists");
    assertMessageIsForUsers(failure.message());
  }

  @Test
  void classNamesUrlsAndStackFramesNeverReachAMessage() {
    for (String raw :
        List.of(
            "java.lang.IllegalStateException: boom",
            "Failure executing: GET at: https://1.2.3.4/api. Message: Forbidden",
            "io.fabric8.kubernetes.client.KubernetesClientException: x\n\tat a.b.C.d(C.java:1)",
            "NullPointerException",
            "")) {
      assertMessageIsForUsers(ReconcileFailure.oneLine(raw));
    }
    assertThat(ReconcileFailure.oneLine("Forbidden: no")).isEqualTo("Forbidden: no");
  }

  @Test
  void aReconcileInterruptedByTheOperatorStoppingIsNotAFailureOfTheResource() {
    var interrupted =
        new KubernetesClientException(
            "Operation: [patch] failed",
            new InterruptedIOException("interrupted").initCause(new InterruptedException()));

    assertThat(ReconcileFailure.cutShortByStop(interrupted)).isTrue();
    assertThat(
            ReconcileFailure.cutShortByStop(
                new AggregatedOperatorException("failed", Map.of("app", interrupted))))
        .isTrue();
    assertThat(ReconcileFailure.cutShortByStop(new KubernetesClientException("Forbidden")))
        .isFalse();
    assertThat(
            ReconcileFailure.cutShortByStop(
                new AggregatedOperatorException(
                    "failed", Map.of("app", new OperatorException("boom")))))
        .isFalse();
  }

  /** What the tests assert of every condition message. */
  static void assertMessageIsForUsers(String message) {
    assertThat(message)
        .isNotBlank()
        .doesNotContain("Exception", "io.fabric8", "https://", "\tat ", "\n");
  }
}
