package io.taskoverflow.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppSizingTest {

  @Test
  void aNewDeploymentGetsWhatIsWanted() {
    assertThat(AppSizing.next(Optional.empty(), AppSizing.wanted(12, 6)))
        .isEqualTo(AppSizing.wanted(12, 6));
  }

  @Test
  void aScaleUpThatShrinksThePoolFirstRollsTheSmallerPoolOutAtTheCurrentCount() {
    assertThat(AppSizing.next(Optional.of(deployment(1, 10, false, true)), AppSizing.wanted(12, 6)))
        .isEqualTo(new AppSizing(1, 6, true));
    assertThat(AppSizing.next(Optional.of(deployment(1, 6, true, false)), AppSizing.wanted(12, 6)))
        .as("the smaller pool is still rolling out: no scale-up yet")
        .isEqualTo(new AppSizing(1, 6, true));
    assertThat(AppSizing.next(Optional.of(deployment(1, 6, true, true)), AppSizing.wanted(12, 6)))
        .isEqualTo(AppSizing.wanted(12, 6));
  }

  @Test
  void aScaleDownThatGrowsThePoolFirstScalesDownWithTheCurrentPool() {
    assertThat(AppSizing.next(Optional.of(deployment(12, 6, false, true)), AppSizing.wanted(2, 10)))
        .isEqualTo(AppSizing.wanted(2, 6));
    assertThat(AppSizing.next(Optional.of(deployment(2, 6, false, false)), AppSizing.wanted(2, 10)))
        .isEqualTo(AppSizing.wanted(2, 10));
  }

  @Test
  void withTheSamePoolTheCountChangesAtOnceEvenDuringAnotherRollout() {
    assertThat(AppSizing.next(Optional.of(deployment(6, 6, false, false)), AppSizing.wanted(3, 6)))
        .isEqualTo(AppSizing.wanted(3, 6));
    assertThat(
            AppSizing.next(Optional.of(deployment(3, 10, false, false)), AppSizing.wanted(5, 10)))
        .isEqualTo(AppSizing.wanted(5, 10));
  }

  @Test
  void podsWithoutThePoolVariableCountAsTheServicesDefaultOfTen() {
    Deployment legacy =
        new DeploymentBuilder(deployment(1, 10, false, true))
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .withEnv()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(AppSizing.next(Optional.of(legacy), AppSizing.wanted(12, 6)))
        .isEqualTo(new AppSizing(1, 6, true));
  }

  private static Deployment deployment(int replicas, int pool, boolean shrinking, boolean settled) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withGeneration(3L)
        .withAnnotations(shrinking ? Map.of(AppSizing.SHRINKING, "true") : Map.of())
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("todo")
        .addNewEnv()
        .withName(AppSizing.POOL_SIZE)
        .withValue(Integer.toString(pool))
        .endEnv()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(settled ? 3L : 2L)
        .withReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .endStatus()
        .build();
  }
}
