package io.taskoverflow.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.DatabaseMode;
import io.taskoverflow.crd.status.Phase;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ResourceTallyTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @Test
  void countsEachResourceUnderItsModeAndPhase() {
    ResourceTally tally =
        ResourceTally.of(
            Stream.of(
                resource("a", "{database: {mode: External}}", "{phase: Ready}"),
                resource("b", "{database: {mode: External}}", "{phase: Ready}"),
                resource("c", "{database: {mode: RDS}}", "{phase: Provisioning}"),
                resource("d", "{database: {mode: InCluster}}", "{phase: Degraded}")));

    assertThat(tally.count(DatabaseMode.External, Phase.Ready)).isEqualTo(2);
    assertThat(tally.count(DatabaseMode.RDS, Phase.Provisioning)).isEqualTo(1);
    assertThat(tally.count(DatabaseMode.InCluster, Phase.Degraded)).isEqualTo(1);
    assertThat(tally.count(DatabaseMode.RDS, Phase.Ready)).isZero();
  }

  @Test
  void aResourceWithoutStatusIsPending() {
    ResourceTally tally =
        ResourceTally.of(
            Stream.of(
                resource("new", "{database: {mode: RDS}}", null),
                resource("no-phase", "{database: {mode: RDS}}", "{observedGeneration: 1}")));

    assertThat(tally.count(DatabaseMode.RDS, Phase.Pending)).isEqualTo(2);
  }

  @Test
  void onlyStalledTrueCountsAsStalled() {
    ResourceTally tally =
        ResourceTally.of(
            Stream.of(
                resource("waits", "{database: {mode: External}}", stalled("True")),
                resource("works", "{database: {mode: External}}", stalled("False")),
                resource("new", "{database: {mode: External}}", null)));

    assertThat(tally.stalled(DatabaseMode.External)).isEqualTo(1);
    assertThat(tally.stalled(DatabaseMode.RDS)).isZero();
    assertThat(tally.count(DatabaseMode.External, Phase.Failed)).isEqualTo(2);
  }

  @Test
  void anUnreadableSpecCountsUnderTheModeItsStatusRecorded() {
    ResourceTally tally =
        ResourceTally.of(
            Stream.of(
                resource(
                    "recorded",
                    "{replicas: many, database: {mode: RDS}}",
                    "{phase: Failed, database: {mode: RDS}}"),
                resource("unknown", "{replicas: many}", "{phase: Failed}")));

    assertThat(tally.count(DatabaseMode.RDS, Phase.Failed)).isEqualTo(1);
    assertThat(tally.count(DatabaseMode.InCluster, Phase.Failed))
        .as("no mode to name: left out rather than put under a wrong one")
        .isZero();
  }

  private static String stalled(String status) {
    return "{phase: Failed, conditions: [{type: Stalled, status: \""
        + status
        + "\", reason: SecretNotFound, message: m, lastTransitionTime:"
        + " \"2025-01-01T00:00:00Z\"}]}";
  }

  private static TaskOverflow resource(String name, String spec, String status) {
    return YAML.unmarshal(
        "apiVersion: taskoverflow.io/v1alpha1\n"
            + "kind: TaskOverflow\n"
            + "metadata: {name: "
            + name
            + ", namespace: ns}\n"
            + "spec: "
            + spec
            + "\n"
            + (status == null ? "" : "status: " + status + "\n"),
        TaskOverflow.class);
  }
}
