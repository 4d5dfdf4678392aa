package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One key of a Secret in the resource's namespace. */
public record SecretKeyRef(
    @JsonPropertyDescription("Name of the Secret.")
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
        String name,
    @JsonPropertyDescription("Key within the Secret.")
        @Default("uri")
        @Pattern("^[-._a-zA-Z0-9]{1,253}$")
        String key) {}
