package io.taskoverflow.operator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.testsupport.EmptyContext;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresStatefulSetDependentTest {

  @Test
  void thePodPullsWithTheConfiguredSecrets() {
    StatefulSet statefulSet = desired(new ImagePullSecrets(List.of("registry")));

    assertThat(statefulSet.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .containsExactly(new LocalObjectReference("registry"));
  }

  @Test
  void withoutPullSecretsThePodTemplateHasNoSuchField() {
    StatefulSet statefulSet = desired(ImagePullSecrets.NONE);

    assertThat(statefulSet.getSpec().getTemplate().getSpec().getImagePullSecrets()).isEmpty();
    assertThat(new KubernetesSerialization().asYaml(statefulSet))
        .doesNotContain("imagePullSecrets");
  }

  private static StatefulSet desired(ImagePullSecrets pullSecrets) {
    return new PostgresStatefulSetDependent(
            new DefaultImageRollout("postgres", "postgres:17", 1), pullSecrets)
        .desired(TaskOverflows.withDefaults("team-a", "shop"), EmptyContext.create());
  }
}
