package io.taskoverflow.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {

  @Test
  void keepsThePodByNamespaceAndNameWithoutItsManagedFields() {
    WithoutManagedFields<Pod> store = new WithoutManagedFields<>();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("team")
            .withName("todo-0")
            .addToLabels("app.kubernetes.io/component", "todo")
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("kube-controller-manager")
                    .withOperation("Update")
                    .build())
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();

    store.put(store.getKey(pod), pod);

    Pod kept = store.get("team/todo-0");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "todo");
    assertThat(kept.getStatus().getPhase()).isEqualTo("Running");
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.remove("team/todo-0")).isSameAs(kept);
    assertThat(store.size()).isZero();
  }
}
