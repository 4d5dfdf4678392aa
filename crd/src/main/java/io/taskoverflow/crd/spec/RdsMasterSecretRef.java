package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The Secret that holds the master credentials of an RDS instance the operator did not create. */
public record RdsMasterSecretRef(
    @JsonPropertyDescription(
            "Name of a Secret in the namespace of this resource with the keys username and"
                + " password of the instance's master user.")
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
        String name) {}
