package io.taskoverflow.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.taskoverflow.crd.spec.ComputeResources;

/**
 * Build step of {@link CrdPublisher}: every int-or-string value of a map (the requests and limits
 * of {@link ComputeResources}) gets the quantity grammar as its pattern, a maximum length and a
 * description. The generator writes none of them for an int-or-string; a pattern applies to the
 * string form only, so {@code cpu: 2} stays valid.
 */
final class QuantityValues {

  private QuantityValues() {}

  static void constrain(CustomResourceDefinition crd) {
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      constrain(version.getSchema().getOpenAPIV3Schema());
    }
  }

  /** Returns how many value schemas it constrained, so that a test can see it found them. */
  static int constrain(JSONSchemaProps schema) {
    if (schema == null) {
      return 0;
    }
    int constrained = 0;
    if (schema.getAdditionalProperties() != null) {
      JSONSchemaProps value = schema.getAdditionalProperties().getSchema();
      if (value != null && Boolean.TRUE.equals(value.getXKubernetesIntOrString())) {
        value.setPattern(ComputeResources.QUANTITY);
        value.setMaxLength((long) ComputeResources.QUANTITY_MAX_LENGTH);
        value.setDescription(ComputeResources.QUANTITY_DESCRIPTION);
        constrained++;
      } else {
        constrained += constrain(value);
      }
    }
    if (schema.getProperties() != null) {
      for (JSONSchemaProps property : schema.getProperties().values()) {
        constrained += constrain(property);
      }
    }
    if (schema.getItems() != null) {
      constrained += constrain(schema.getItems().getSchema());
    }
    return constrained;
  }
}
