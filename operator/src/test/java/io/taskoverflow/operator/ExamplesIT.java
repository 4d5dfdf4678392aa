package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.taskoverflow.crd.TaskOverflowApi;
import io.taskoverflow.operator.testsupport.Examples;
import io.taskoverflow.operator.testsupport.GenericTaskOverflows;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample resources in {@code examples/} stay valid: each is created, as a server-side dry run,
 * against the committed CRD with strict field validation (as {@code kubectl apply} does), so a
 * renamed or retyped field, a tightened rule or a typo fails here instead of for a user.
 */
@ExtendWith(KubeApiServerExtension.class)
class ExamplesIT {

  private static String namespace;

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    RunningOperator.installCrd(client);
    namespace = TestNamespaces.create(client, "examples");
    GenericTaskOverflows.awaitServed(client, namespace);
  }

  static Stream<Path> examples() {
    return Examples.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleIsAcceptedByTheApiServer(Path file, KubernetesClient client) {
    assertAccepted(Examples.read(file), client);
  }

  /** The ways to open the page that the RDS example shows commented out, each taken in turn. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ingress", "service"})
  void theRdsExamplesAlternativesAreAcceptedToo(String alternative, KubernetesClient client) {
    GenericKubernetesResource example =
        Examples.withAlternative(Examples.DIRECTORY.resolve("taskoverflow-rds.yaml"), alternative);

    assertThat(example.<Object>get("spec", alternative)).as(alternative).isNotNull();
    assertAccepted(example, client);
  }

  private static void assertAccepted(GenericKubernetesResource example, KubernetesClient client) {
    assertThat(example.getKind()).isEqualTo(TaskOverflowApi.KIND);
    assertThat(example.getMetadata().getNamespace())
        .as("an example leaves the namespace to kubectl")
        .isNull();

    GenericKubernetesResource accepted =
        client
            .genericKubernetesResources(GenericTaskOverflows.TASK_OVERFLOWS)
            .inNamespace(namespace)
            .resource(example)
            .dryRun()
            .fieldValidation(Validation.STRICT)
            .create();

    assertThat(accepted.getMetadata().getUid()).isNotBlank();
    assertThat(
            client
                .genericKubernetesResources(GenericTaskOverflows.TASK_OVERFLOWS)
                .inNamespace(namespace)
                .withName(example.getMetadata().getName())
                .get())
        .as("a dry run stores nothing")
        .isNull();
  }

  @Test
  void thereIsOneExamplePerDatabaseMode() {
    Map<String, String> modeByFile =
        Map.of(
            "taskoverflow-local.yaml", "InCluster",
            "taskoverflow-external.yaml", "External",
            "taskoverflow-rds.yaml", "RDS");

    for (var entry : modeByFile.entrySet()) {
      GenericKubernetesResource example = Examples.read(Examples.DIRECTORY.resolve(entry.getKey()));
      Map<String, Object> database = example.get("spec", "database");
      assertThat(database).as(entry.getKey()).containsEntry("mode", entry.getValue());
    }
  }
}
