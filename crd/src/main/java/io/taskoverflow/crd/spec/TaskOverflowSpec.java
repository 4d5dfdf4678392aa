package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** What the user asks for: the todo service and its database. */
// Every pod, and the 25 % more a rollout starts, needs at least one connection.
@ValidationRule(
    value =
        "!has(self.database.maxConnections)"
            + " || self.replicas + (self.replicas + 3) / 4 + 5 <= self.database.maxConnections",
    fieldPath = ".replicas",
    reason = "FieldValueInvalid",
    message =
        "replicas: each todo pod, and the 25% more a rollout starts, needs one of"
            + " database.maxConnections, of which 5 stay free for admin sessions; lower replicas"
            + " or raise database.maxConnections")
public record TaskOverflowSpec(
    @JsonPropertyDescription(
            "Container image reference of the todo service, e.g. registry.example.com/todo:1.0 or"
                + " todo@sha256:<digest>. Default: the operator's configured todo-app image.")
        @Size(max = KubernetesNames.IMAGE_REFERENCE_MAX_LENGTH)
        @Pattern(KubernetesNames.IMAGE_REFERENCE)
        String image,
    @JsonPropertyDescription("Number of todo service pods.") @Default("2") @Min(0) @Max(50)
        Integer replicas,
    @JsonPropertyDescription(
            "CPU and memory requests and limits of the todo service container. Default: requests"
                + " 100m CPU and 256Mi memory, limit 512Mi memory.")
        @SchemaFrom(type = ComputeResources.class)
        ResourceRequirements resources,
    @JsonPropertyDescription(
            "The Service in front of the todo service pods: in the cluster, and with type"
                + " LoadBalancer also outside it.")
        @Default("{}")
        ServiceSpec service,
    @JsonPropertyDescription("Optional Ingress that exposes the todo service outside the cluster.")
        IngressSpec ingress,
    @JsonPropertyDescription("The PostgreSQL database the todo service stores its todos in.")
        // The API server checks a default against the CEL rules without applying nested defaults.
        @Default("{\"mode\":\"InCluster\",\"name\":\"todo\"}")
        DatabaseSpec database) {

  public TaskOverflowSpec() {
    this(null, null, null, null, null, null);
  }
}
