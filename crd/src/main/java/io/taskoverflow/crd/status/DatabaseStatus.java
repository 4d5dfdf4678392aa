package io.taskoverflow.crd.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the database is and in which state. */
public record DatabaseStatus(
    @JsonPropertyDescription("InCluster, RDS or External.") String mode,
    @JsonPropertyDescription("Host name the todo service connects to.") String endpoint,
    @JsonPropertyDescription("Port the todo service connects to.") Integer port,
    @JsonPropertyDescription("RDS instance identifier (mode RDS).") String instanceId,
    @JsonPropertyDescription("State of the database, e.g. creating, available, ready.")
        String status,
    @JsonPropertyDescription(
            "Secret with the connection details (host, port, dbname, username, password, uri,"
                + " jdbc-url).")
        String secretName) {}
