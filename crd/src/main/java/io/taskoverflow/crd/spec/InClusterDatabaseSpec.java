package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** A single-instance PostgreSQL StatefulSet with a persistent volume. */
public record InClusterDatabaseSpec(
    @JsonPropertyDescription("Size of the PostgreSQL data volume, e.g. 1Gi.")
        @Default("1Gi")
        @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti)$")
        String storage,
    @JsonPropertyDescription(
            "StorageClass of the data volume. Default: the cluster's default class.")
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        String storageClassName,
    @JsonPropertyDescription(
            "PostgreSQL image. Default: the operator's configured PostgreSQL image.")
        @Pattern("^[^\\s]+$")
        String image,
    @JsonPropertyDescription(
            "CPU and memory of the PostgreSQL container. Default: requests 100m CPU and 256Mi"
                + " memory, limit 512Mi memory.")
        @SchemaFrom(type = ComputeResources.class)
        ResourceRequirements resources,
    @JsonPropertyDescription(
            "On deletion of this resource: Retain (default) keeps the data volume, the"
                + " PersistentVolumeClaim data-<metadata.name>-postgres-0, so that a TaskOverflow"
                + " of the same name and namespace finds its todos again; Delete deletes it.")
        @Default("Retain")
        InClusterDeletionPolicy deletionPolicy) {

  /** The settings of a TaskOverflow that names none. */
  public static InClusterDatabaseSpec defaults() {
    return new InClusterDatabaseSpec("1Gi", null, null, null, InClusterDeletionPolicy.Retain);
  }

  /** Whether the data volume goes with the resource (only when the user asked for it). */
  public boolean deletesData() {
    return deletionPolicy == InClusterDeletionPolicy.Delete;
  }
}
