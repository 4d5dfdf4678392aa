package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.crd.TaskOverflowApi;
import io.taskoverflow.operator.testsupport.GenericTaskOverflows;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample resources in {@code examples/} stay valid: each is created, as a server-side dry run,
 * against the committed CRD with strict field validation (as {@code kubectl apply} does), so a
 * renamed or retyped field, a tightened rule or a typo fails here instead of for a user.
 */
@ExtendWith(KubeApiServerExtension.class)
class ExamplesIT {

  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static String namespace;

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    RunningOperator.installCrd(client);
    namespace = TestNamespaces.create(client, "examples");
    GenericTaskOverflows.awaitServed(client, namespace);
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleIsAcceptedByTheApiServer(Path file, KubernetesClient client) throws IOException {
    GenericKubernetesResource example =
        YAML.unmarshal(Files.readString(file), GenericKubernetesResource.class);
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
  void thereIsOneExamplePerDatabaseMode() throws IOException {
    Map<String, String> modeByFile =
        Map.of(
            "taskoverflow-local.yaml", "InCluster",
            "taskoverflow-external.yaml", "External",
            "taskoverflow-rds.yaml", "RDS");

    for (var entry : modeByFile.entrySet()) {
      GenericKubernetesResource example =
          YAML.unmarshal(
              Files.readString(EXAMPLES.resolve(entry.getKey())), GenericKubernetesResource.class);
      Map<String, Object> database = example.get("spec", "database");
      assertThat(database).as(entry.getKey()).containsEntry("mode", entry.getValue());
    }
  }
}
