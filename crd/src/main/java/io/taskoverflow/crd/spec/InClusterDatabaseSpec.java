package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** A single-instance PostgreSQL StatefulSet with a persistent volume. */
// PostgreSQL's write-ahead log alone may grow to max_wal_size, 1GB by default: a smaller volume
// fills up under writes and the database stops. (A malformed value is the pattern's to report.)
@ValidationRule(
    value =
        "!self.storage.matches('"
            + InClusterDatabaseSpec.STORAGE_PATTERN_IN_CEL
            + "') || quantity(self.storage).compareTo(quantity('1Gi')) >= 0",
    fieldPath = ".storage",
    message =
        "database.inCluster.storage must be at least 1Gi: PostgreSQL's write-ahead log alone may"
            + " grow to 1GB")
public record InClusterDatabaseSpec(
    @JsonPropertyDescription("Size of the PostgreSQL data volume, at least 1Gi, e.g. 5Gi.")
        @Default("1Gi")
        @Size(max = 32)
        @Pattern(InClusterDatabaseSpec.STORAGE_PATTERN)
        String storage,
    @JsonPropertyDescription(
            "StorageClass of the data volume. Default: the cluster's default class.")
        @Size(max = KubernetesNames.DNS_SUBDOMAIN_MAX_LENGTH)
        @Pattern(KubernetesNames.DNS_SUBDOMAIN)
        String storageClassName,
    @JsonPropertyDescription(
            "PostgreSQL image reference, e.g. postgres:17-alpine or"
                + " registry.example.com/postgres:17@sha256:<digest>. Default: the operator's"
                + " configured PostgreSQL image.")
        @Size(max = KubernetesNames.IMAGE_REFERENCE_MAX_LENGTH)
        @Pattern(KubernetesNames.IMAGE_REFERENCE)
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

  static final String STORAGE_PATTERN = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti)$";

  /** {@link #STORAGE_PATTERN} inside a CEL string literal (its backslash doubled). */
  static final String STORAGE_PATTERN_IN_CEL = "^[0-9]+(\\\\.[0-9]+)?(Ki|Mi|Gi|Ti)$";

  /** The settings of a TaskOverflow that names none. */
  public static InClusterDatabaseSpec defaults() {
    return new InClusterDatabaseSpec("1Gi", null, null, null, InClusterDeletionPolicy.Retain);
  }

  /** Whether the data volume goes with the resource (only when the user asked for it). */
  public boolean deletesData() {
    return deletionPolicy == InClusterDeletionPolicy.Delete;
  }
}
