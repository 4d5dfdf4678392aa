package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The CRD schema of a container's CPU and memory, used through {@code @SchemaFrom}: the Java type
 * stays fabric8's {@code ResourceRequirements}, whose generated schema has no descriptions. Its
 * {@code claims} (dynamic resource allocation) are left out: the pods the operator builds declare
 * no resource claims to refer to.
 */
public record ComputeResources(
    @JsonPropertyDescription(
            "CPU and memory the container is guaranteed and scheduled by, e.g. {cpu: 100m,"
                + " memory: 256Mi}.")
        Map<String, Quantity> requests,
    @JsonPropertyDescription(
            "Most CPU and memory the container may use, e.g. {memory: 512Mi}; above the CPU"
                + " limit it is throttled, above the memory limit it is killed and restarted.")
        Map<String, Quantity> limits) {}
