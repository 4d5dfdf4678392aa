package io.taskoverflow.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl explain taskoverflow.spec...} is the user's reference, so every field of the
 * committed CRD (written by the build before tests run) carries a description.
 */
class CrdDescriptionsTest {

  /**
   * The fields of a status condition come from fabric8's model of the standard metav1.Condition;
   * they are the same in every Kubernetes API and the operator, not the user, writes them.
   */
  private static final Set<String> EXEMPT = Set.of("status.conditions[]");

  @Test
  void everyFieldOfSpecAndStatusHasADescription() {
    JSONSchemaProps root = CommittedCrd.schema();

    List<String> undescribed = new ArrayList<>();
    for (String top : List.of("spec", "status")) {
      collectUndescribed(top, root.getProperties().get(top), undescribed);
    }

    assertThat(root.getProperties()).containsKeys("spec", "status");
    assertThat(undescribed).as("fields without a description").isEmpty();
  }

  @Test
  void theWalkFindsAnUndescribedNestedField() {
    JSONSchemaProps described = new JSONSchemaProps();
    described.setDescription("Described.");
    described.setType("object");
    described.setProperties(Map.of("bare", new JSONSchemaProps()));

    List<String> undescribed = new ArrayList<>();
    collectUndescribed("spec", Map.of("described", described), undescribed);

    assertThat(undescribed).containsExactly("spec.described.bare");
  }

  private static void collectUndescribed(
      String path, Map<String, JSONSchemaProps> properties, List<String> undescribed) {
    properties.forEach(
        (name, schema) -> {
          String field = path + "." + name;
          if (schema.getDescription() == null || schema.getDescription().isBlank()) {
            undescribed.add(field);
          }
          collectUndescribed(field, schema, undescribed);
        });
  }

  /** Walks into nested objects, array items and map values; their own fields need descriptions. */
  private static void collectUndescribed(
      String path, JSONSchemaProps schema, List<String> undescribed) {
    if (schema == null || EXEMPT.contains(path)) {
      return;
    }
    if (schema.getProperties() != null) {
      collectUndescribed(path, schema.getProperties(), undescribed);
    }
    if (schema.getItems() != null) {
      collectUndescribed(path + "[]", schema.getItems().getSchema(), undescribed);
    }
    if (schema.getAdditionalProperties() != null) {
      collectUndescribed(path + "{}", schema.getAdditionalProperties().getSchema(), undescribed);
    }
  }
}
