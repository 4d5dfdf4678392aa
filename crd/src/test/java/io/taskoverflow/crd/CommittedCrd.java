package io.taskoverflow.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CRD as committed (the build writes it before the tests run), as users apply it. */
final class CommittedCrd {

  static final Path FILE = Path.of(TaskOverflowApi.CRD_NAME + "-v1.yml");

  private CommittedCrd() {}

  static CustomResourceDefinition load() {
    try (InputStream in = Files.newInputStream(FILE)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema of the resource (its one version). */
  static JSONSchemaProps schema() {
    return load().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  /** The schema of {@code spec}. */
  static JSONSchemaProps spec() {
    return schema().getProperties().get("spec");
  }
}
