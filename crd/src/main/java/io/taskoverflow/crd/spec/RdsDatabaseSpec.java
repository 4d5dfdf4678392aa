package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * An AWS RDS for PostgreSQL instance, encrypted and private by default. The settings of the
 * instance carry no schema defaults: the operator fills an unset one in when it creates an
 * instance, and leaves it as the instance has it when it adopts one (late initialization), so an
 * adopted instance is never changed in a field the user did not set.
 */
// RDS refuses a storage autoscaling limit less than 10% above the allocated storage.
@ValidationRule(
    value =
        "!has(self.maxAllocatedStorage)"
            + " || self.maxAllocatedStorage * 10"
            + " >= (has(self.allocatedStorage) ? self.allocatedStorage : 20) * 11",
    fieldPath = ".maxAllocatedStorage",
    message =
        "database.rds.maxAllocatedStorage must be at least 10% more than allocatedStorage (as RDS"
            + " requires), or unset for no storage autoscaling")
// What RDS cannot change in place, or what the operator would otherwise silently ignore, is
// refused when it changes: a new instance would have to be made (and the data moved) by hand.
@ValidationRule(
    value =
        "!has(self.engineVersion) || !has(oldSelf.engineVersion)"
            + " || self.engineVersion.substring(0, 2) == oldSelf.engineVersion.substring(0, 2)",
    fieldPath = ".engineVersion",
    reason = "FieldValueForbidden",
    message =
        "database.rds.engineVersion: the major version cannot be changed after creation (minor"
            + " versions can)")
@ValidationRule(
    value =
        "has(self.instanceIdentifier) == has(oldSelf.instanceIdentifier)"
            + " && (!has(self.instanceIdentifier)"
            + " || self.instanceIdentifier == oldSelf.instanceIdentifier)",
    fieldPath = ".instanceIdentifier",
    reason = "FieldValueForbidden",
    message = "database.rds.instanceIdentifier cannot be set, changed or removed after creation")
@ValidationRule(
    value =
        "!has(oldSelf.storageEncrypted)"
            + " || (has(self.storageEncrypted) && self.storageEncrypted == oldSelf.storageEncrypted)",
    fieldPath = ".storageEncrypted",
    reason = "FieldValueForbidden",
    message = "database.rds.storageEncrypted cannot be changed or removed once set")
// Setting it later is allowed: that is how a resource created without one (and without an operator
// default) gets its instance.
@ValidationRule(
    value =
        "!has(oldSelf.subnetGroupName)"
            + " || (has(self.subnetGroupName) && self.subnetGroupName == oldSelf.subnetGroupName)",
    fieldPath = ".subnetGroupName",
    reason = "FieldValueForbidden",
    message = "database.rds.subnetGroupName cannot be changed or removed once set")
// The API server's patterns have no look-ahead; RDS refuses two hyphens in a row.
@ValidationRule(
    value = "!has(self.instanceIdentifier) || !self.instanceIdentifier.contains('--')",
    fieldPath = ".instanceIdentifier",
    message = "database.rds.instanceIdentifier must not contain two consecutive hyphens")
// An instance the operator created is deleted without a final snapshot by Delete already, Snapshot
// always takes one and Retain deletes nothing: only an adopted instance deleted with Delete has a
// snapshot to skip.
@ValidationRule(
    value =
        "!has(self.skipFinalSnapshot) || (has(self.instanceIdentifier)"
            + " && has(self.deletionPolicy) && self.deletionPolicy == 'Delete')",
    fieldPath = ".skipFinalSnapshot",
    message =
        "database.rds.skipFinalSnapshot is allowed only with instanceIdentifier (an adopted"
            + " instance) and deletionPolicy Delete: otherwise whether a final snapshot is taken"
            + " follows from deletionPolicy alone")
@ValidationRule(
    value = "has(self.instanceIdentifier) == has(self.masterSecretRef)",
    message =
        "database.rds.instanceIdentifier (adopt an existing instance) and"
            + " database.rds.masterSecretRef (its master credentials) go together")
public record RdsDatabaseSpec(
    @JsonPropertyDescription(
            "Instance class, e.g. db.t3.small. Unset: db.t3.micro for a new instance; an adopted"
                + " instance keeps its own.")
        @Pattern("^db\\.[a-z0-9]+\\.[a-z0-9]+$")
        String instanceClass,
    @JsonPropertyDescription(
            "PostgreSQL engine version, major or major.minor, e.g. \"17\" or \"17.4\". A major"
                + " version alone takes RDS's default minor version. The major version cannot be"
                + " changed after creation. Unset: 17 for a new instance; an adopted instance keeps its"
                + " own.")
        @Pattern("^[0-9]{2}(\\.[0-9]+)?$")
        String engineVersion,
    @JsonPropertyDescription(
            "Allocated storage in GiB. Storage only grows: a smaller value than the instance has"
                + " (e.g. after autoscaling) changes nothing. Unset: 20 for a new instance; an adopted"
                + " instance keeps its own.")
        @Min(20)
        @Max(65536)
        Integer allocatedStorage,
    @JsonPropertyDescription(
            "Upper limit in GiB for storage autoscaling; at least 10% more than"
                + " allocatedStorage. Unset: no autoscaling.")
        @Min(20)
        @Max(65536)
        Integer maxAllocatedStorage,
    @JsonPropertyDescription(
            "Run a standby in a second availability zone. Unset: false for a new instance; an"
                + " adopted instance keeps its own.")
        @JsonProperty("multiAZ")
        Boolean multiAZ,
    @JsonPropertyDescription(
            "DB subnet group of the instance. Default: the operator's configured subnet group."
                + " Cannot be changed or removed once set.")
        @Pattern("^[a-zA-Z0-9][-_. a-zA-Z0-9]{0,254}$")
        String subnetGroupName,
    @JsonPropertyDescription(
            "VPC security groups of the instance. Default: the operator's configured groups.")
        List<@Pattern("^sg-[0-9a-f]{8,17}$") String> securityGroupIds,
    @JsonPropertyDescription(
            "Encrypt the storage at rest. Unset: true for a new instance. Cannot be changed or"
                + " removed once set.")
        Boolean storageEncrypted,
    @JsonPropertyDescription(
            "Days of automated backups to keep (0 disables them). Unset: 1 for a new instance; an"
                + " adopted instance keeps its own.")
        @Min(0)
        @Max(35)
        Integer backupRetentionDays,
    @JsonPropertyDescription(
            "On deletion of this resource: Snapshot takes a final snapshot and deletes the"
                + " instance; Delete deletes an instance the operator created without one, and an"
                + " adopted one (instanceIdentifier) after a final snapshot unless"
                + " skipFinalSnapshot is true; Retain leaves it running. Unset: Snapshot for an"
                + " instance the operator created, Retain for an adopted one.")
        DeletionPolicy deletionPolicy,
    @JsonPropertyDescription(
            "Delete an adopted instance without a final snapshot (RDS's SkipFinalSnapshot):"
                + " only with instanceIdentifier and deletionPolicy Delete. Unset or false: deleting"
                + " this resource takes a final snapshot <instance>-final-<deletion time> of the"
                + " adopted instance before it is deleted, since its data predates this resource.")
        Boolean skipFinalSnapshot,
    @JsonPropertyDescription(
            "Apply changes of instanceClass, storage, multiAZ, backupRetentionDays or"
                + " engineVersion at once (true; a class or multi-AZ change restarts the database)"
                + " or in the instance's next maintenance window (false, the default).")
        @Default("false")
        Boolean applyImmediately,
    @JsonPropertyDescription(
            "Adopt this existing RDS for PostgreSQL instance instead of creating one (1-63"
                + " letters, digits or '-', starting with a letter). Requires masterSecretRef, whose"
                + " credentials must log in, and the instance's owner's consent: the AWS tag"
                + " taskoverflow.io/adoptable-by=<namespace>/<metadata.name> on the instance. It is"
                + " then tagged as owned by this resource. Cannot be changed after creation.")
        @Pattern("^[a-zA-Z]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$")
        String instanceIdentifier,
    @JsonPropertyDescription(
            "The Secret with the master credentials of instanceIdentifier. Without"
                + " instanceIdentifier the operator generates the password into the Secret"
                + " <metadata.name>-db-master.")
        RdsMasterSecretRef masterSecretRef) {}
