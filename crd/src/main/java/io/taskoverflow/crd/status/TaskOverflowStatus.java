package io.taskoverflow.crd.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed; written only by the operator. */
public record TaskOverflowStatus(
    @JsonPropertyDescription("Summary: Pending, Provisioning, Ready, Degraded, Failed or Deleting.")
        Phase phase,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "DatabaseReady, AppReady and Ready, each with a reason and a message that says what"
                + " is missing.")
        List<Condition> conditions,
    @JsonPropertyDescription("The database as the operator sees it.") DatabaseStatus database,
    @JsonPropertyDescription("The todo service as the operator sees it.") AppStatus app) {}
