package io.taskoverflow.crd.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the database is and in which state. */
public record DatabaseStatus(
    @JsonPropertyDescription("InCluster, RDS or External.") String mode,
    @JsonPropertyDescription("Host name the todo service connects to.") String endpoint,
    @JsonPropertyDescription("Port the todo service connects to.") Integer port,
    @JsonPropertyDescription("RDS instance identifier (mode RDS).") String instanceId,
    @JsonPropertyDescription(
            "State of the database: for RDS the instance status as AWS reports it (creating,"
                + " backing-up, available, modifying, storage-full, failed, deleting, ...), else"
                + " e.g. creating, starting, ready.")
        String status,
    @JsonPropertyDescription("PostgreSQL version of the RDS instance as AWS reports it.")
        String engineVersion,
    @JsonPropertyDescription(
            "Identifier of the final snapshot requested when the resource was deleted with"
                + " deletionPolicy Snapshot, or an adopted instance with deletionPolicy Delete"
                + " (unless skipFinalSnapshot).")
        String finalSnapshot,
    @JsonPropertyDescription(
            "Secret with the connection details (host, port, dbname, username, password, uri,"
                + " jdbc-url).")
        String secretName) {}
