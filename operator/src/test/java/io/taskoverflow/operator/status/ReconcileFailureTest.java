package io.taskoverflow.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.AggregatedOperatorException;
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
        .isEqualTo(new ReconcileFailure(false, "database: quota exceeded"));
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
        .isEqualTo(new ReconcileFailure(false, "postgres: quota exceeded"));
  }

  @Test
  void anyOtherExceptionIsReportedOnTheDatabaseWithItsRootMessage() {
    assertThat(ReconcileFailure.of(new RuntimeException(new IllegalStateException("boom")), APP))
        .isEqualTo(new ReconcileFailure(false, "boom"));
  }
}
