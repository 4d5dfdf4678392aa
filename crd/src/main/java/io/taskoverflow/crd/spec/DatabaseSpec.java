package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The database of the todo service; exactly the sub-object that matches {@code mode} is set. */
// Transition rules report the field itself (fieldPath), not the whole database object.
@ValidationRule(
    value = "self.mode == oldSelf.mode",
    fieldPath = ".mode",
    reason = "FieldValueForbidden",
    message = "database.mode cannot be changed after creation")
@ValidationRule(
    value = "self.name == oldSelf.name",
    fieldPath = ".name",
    reason = "FieldValueForbidden",
    message = "database.name cannot be changed after creation")
// A StatefulSet's volume cannot be resized or moved by changing its template.
@ValidationRule(
    value =
        "(has(self.inCluster) ? self.inCluster.storage : '1Gi')"
            + " == (has(oldSelf.inCluster) ? oldSelf.inCluster.storage : '1Gi')",
    fieldPath = ".inCluster.storage",
    reason = "FieldValueForbidden",
    message = "database.inCluster.storage cannot be changed after creation")
@ValidationRule(
    value =
        "(has(self.inCluster) && has(self.inCluster.storageClassName)"
            + " ? self.inCluster.storageClassName : '')"
            + " == (has(oldSelf.inCluster) && has(oldSelf.inCluster.storageClassName)"
            + " ? oldSelf.inCluster.storageClassName : '')",
    fieldPath = ".inCluster.storageClassName",
    reason = "FieldValueForbidden",
    message = "database.inCluster.storageClassName cannot be changed after creation")
@ValidationRule(
    value = "self.mode != 'InCluster' || (!has(self.rds) && !has(self.external))",
    message =
        "database.rds and database.external are not allowed when database.mode is InCluster (the"
            + " default); set database.mode to RDS or External to use them")
@ValidationRule(
    value = "self.mode != 'RDS' || (has(self.rds) && !has(self.inCluster) && !has(self.external))",
    message = "database.mode RDS requires database.rds and allows neither inCluster nor external")
@ValidationRule(
    value =
        "self.mode != 'External' || (has(self.external) && !has(self.inCluster) && !has(self.rds))",
    message =
        "database.mode External requires database.external and allows neither inCluster nor rds")
public record DatabaseSpec(
    @JsonPropertyDescription(
            "InCluster (default): a PostgreSQL StatefulSet next to the app, for kind and"
                + " development. RDS: an AWS RDS instance created by the operator. External: an"
                + " existing server. Cannot be changed after creation.")
        @Default("InCluster")
        DatabaseMode mode,
    @JsonPropertyDescription(
            "Name of the database the todo service uses: 1-63 lowercase letters, digits or '_',"
                + " starting with a letter (as RDS requires). Cannot be changed after creation.")
        @Default("todo")
        @Pattern("^[a-z][a-z0-9_]{0,62}$")
        String name,
    @JsonPropertyDescription(
            "Connections the database server accepts in all. Each todo pod's connection pool is"
                + " sized so that all pods, also during a rollout, stay 5 below it (for admin"
                + " sessions). InCluster sets PostgreSQL's max_connections to it. Default: 100 for"
                + " InCluster, 80 for RDS and External (what a db.t3.micro allows).")
        @Min(10)
        @Max(10000)
        Integer maxConnections,
    @JsonPropertyDescription("Settings of the in-cluster PostgreSQL (mode InCluster).")
        InClusterDatabaseSpec inCluster,
    @JsonPropertyDescription("Settings of the RDS instance (mode RDS).") RdsDatabaseSpec rds,
    @JsonPropertyDescription("The existing database to connect to (mode External).")
        ExternalDatabaseSpec external) {}
