package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** An existing PostgreSQL server; its URI (with credentials) stays in a Secret. */
public record ExternalDatabaseSpec(
    @JsonPropertyDescription(
            "Secret key holding a postgresql://user:password@host:port/dbname URI, in the namespace"
                + " of this resource.")
        @Required
        SecretKeyRef secretRef) {}
