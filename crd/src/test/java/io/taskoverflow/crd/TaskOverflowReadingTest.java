package io.taskoverflow.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A stored TaskOverflow always reads, whatever its spec: one that cannot be read would stop the
 * informer that lists it, for every resource. Read with fabric8's own serialization, as the
 * operator's client reads it.
 */
class TaskOverflowReadingTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"resources\": {\"limits\": {\"memory\": \"\"}}}"
            + " | spec.resources.limits.memory | Invalid quantity string format passed",
        "{\"resources\": {\"limits\": {\"memory\": \"5e3Mi\"}}}"
            + " | spec.resources.limits.memory | Invalid quantity string format passed",
        "{\"replicas\": \"two\"} | spec.replicas | not a valid `java.lang.Integer` value",
        "{\"database\": {\"mode\": \"Postgres\"}} | spec.database.mode | not one of the values",
        "{\"ingress\": [\"todo.example.com\"]} | spec.ingress | Cannot deserialize value",
      })
  void aSpecThatCannotBeReadIsReportedWithTheField(String spec, String field, String reason) {
    TaskOverflow resource = read(spec);

    assertThat(resource.getSpec()).isNull();
    assertThat(resource.specProblem())
        .hasValueSatisfying(
            problem ->
                assertThat(problem).startsWith(field + " cannot be read: ").contains(reason));
  }

  @Test
  void aCopyOfAnUnreadableResourceReadsTheSameAndKeepsTheStoredSpec() {
    TaskOverflow resource = read("{\"replicas\": \"two\", \"image\": \"todo:1\"}");

    TaskOverflow copy = JSON.clone(resource);

    assertThat(copy.specProblem()).isEqualTo(resource.specProblem()).isPresent();
    Map<?, ?> written = JSON.unmarshal(JSON.asJson(copy), Map.class);
    assertThat(written.get("spec")).isEqualTo(Map.of("replicas", "two", "image", "todo:1"));
  }

  @Test
  void aReadableSpecReadsIntoTheModelAndIsWrittenOnce() {
    TaskOverflow resource =
        read(
            "{\"replicas\": 3, \"resources\": {\"limits\": {\"memory\": \"512Mi\"}},"
                + " \"database\": {\"mode\": \"InCluster\", \"name\": \"todo\"}}");

    assertThat(resource.specProblem()).isEmpty();
    assertThat(resource.getSpec().replicas()).isEqualTo(3);
    assertThat(resource.getSpec().resources().getLimits())
        .containsEntry("memory", new Quantity("512Mi"));
    assertThat(JSON.asJson(resource)).containsOnlyOnce("\"spec\"").doesNotContain("unreadable");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{} | spec.replicas is missing",
        "{\"replicas\": 1} | spec.database is missing",
        "{\"replicas\": 1, \"database\": {\"name\": \"todo\"}} | spec.database.mode is missing",
      })
  void aSpecWithoutTheValuesTheCrdDefaultsIsReported(String spec, String problem) {
    assertThat(read(spec).specProblem()).hasValueSatisfying(p -> assertThat(p).startsWith(problem));
  }

  @Test
  void aMissingSpecIsReported() {
    TaskOverflow resource = JSON.unmarshal(envelope(""), TaskOverflow.class);

    assertThat(resource.specProblem()).hasValue("spec is missing");
  }

  @Test
  void aStatusThatCannotBeReadReadsAsNone() {
    TaskOverflow resource =
        JSON.unmarshal(
            envelope(
                ", \"spec\": {\"replicas\": 1, \"database\": {\"mode\": \"InCluster\", \"name\":"
                    + " \"todo\"}}, \"status\": {\"phase\": \"Exploded\"}"),
            TaskOverflow.class);

    assertThat(resource.getStatus()).isNull();
    assertThat(resource.specProblem()).isEmpty();
  }

  private static TaskOverflow read(String spec) {
    return JSON.unmarshal(envelope(", \"spec\": " + spec), TaskOverflow.class);
  }

  private static String envelope(String rest) {
    return "{\"apiVersion\": \"taskoverflow.io/v1alpha1\", \"kind\": \"TaskOverflow\","
        + " \"metadata\": {\"name\": \"demo\", \"namespace\": \"team\"}"
        + rest
        + "}";
  }
}
