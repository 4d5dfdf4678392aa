package io.taskoverflow.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.postgres.InClusterDatabase;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.testsupport.EmptyContext;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppDeploymentDependentTest {

  @Test
  void podsPullWithTheConfiguredSecretsInTheirOrder() {
    Deployment deployment = desired(new ImagePullSecrets(List.of("registry-b", "registry-a")));

    assertThat(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .containsExactly(
            new LocalObjectReference("registry-b"), new LocalObjectReference("registry-a"));
  }

  @Test
  void withoutPullSecretsThePodTemplateHasNoSuchField() {
    Deployment deployment = desired(ImagePullSecrets.NONE);

    assertThat(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets()).isEmpty();
    assertThat(new KubernetesSerialization().asYaml(deployment))
        .as("what is applied: an operator without pull secrets writes the template it always did")
        .doesNotContain("imagePullSecrets");
  }

  @Test
  void theTodoContainerNamesItsApiPortAndItsMetricsPortApart() {
    Container todo =
        desired(ImagePullSecrets.NONE).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(todo.getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactly(tuple("http", 6400), tuple("metrics", 9400));
    assertThat(todo.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(tuple("PORT", "6400"), tuple("METRICS_PORT", "9400"));
  }

  private static Deployment desired(ImagePullSecrets pullSecrets) {
    return new AppDeploymentDependent(
            new DefaultImageRollout("todo", "todo:1", 1),
            pullSecrets,
            resource -> InClusterDatabase.PROVISIONER)
        .desired(TaskOverflows.withDefaults("team-a", "shop"), EmptyContext.create());
  }
}
