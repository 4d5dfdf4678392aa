package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** An AWS RDS for PostgreSQL instance, encrypted and private by default. */
// RDS refuses a storage autoscaling limit less than 10% above the allocated storage.
@ValidationRule(
    value =
        "!has(self.maxAllocatedStorage)"
            + " || self.maxAllocatedStorage * 10 >= self.allocatedStorage * 11",
    fieldPath = ".maxAllocatedStorage",
    message =
        "database.rds.maxAllocatedStorage must be at least 10% more than allocatedStorage (as RDS"
            + " requires), or unset for no storage autoscaling")
public record RdsDatabaseSpec(
    @JsonPropertyDescription("Instance class, e.g. db.t3.micro.")
        @Default("db.t3.micro")
        @Pattern("^db\\.[a-z0-9]+\\.[a-z0-9]+$")
        String instanceClass,
    @JsonPropertyDescription("PostgreSQL engine version, major or major.minor, e.g. \"17\".")
        @Default("17")
        @Pattern("^[0-9]{2}(\\.[0-9]+)?$")
        String engineVersion,
    @JsonPropertyDescription("Allocated storage in GiB.") @Default("20") @Min(20) @Max(65536)
        Integer allocatedStorage,
    @JsonPropertyDescription(
            "Upper limit in GiB for storage autoscaling; at least 10% more than"
                + " allocatedStorage. Unset: no autoscaling.")
        @Min(20)
        @Max(65536)
        Integer maxAllocatedStorage,
    @JsonPropertyDescription("Run a standby in a second availability zone.")
        @JsonProperty("multiAZ")
        @Default("false")
        Boolean multiAZ,
    @JsonPropertyDescription(
            "DB subnet group of the instance. Default: the operator's configured subnet group.")
        @Pattern("^[a-zA-Z0-9][-_. a-zA-Z0-9]{0,254}$")
        String subnetGroupName,
    @JsonPropertyDescription(
            "VPC security groups of the instance. Default: the operator's configured groups.")
        List<@Pattern("^sg-[0-9a-f]{8,17}$") String> securityGroupIds,
    @JsonPropertyDescription("Encrypt the storage at rest.") @Default("true")
        Boolean storageEncrypted,
    @JsonPropertyDescription("Days of automated backups to keep (0 disables them).")
        @Default("1")
        @Min(0)
        @Max(35)
        Integer backupRetentionDays,
    @JsonPropertyDescription(
            "On deletion of this resource: Snapshot (default) takes a final snapshot and deletes"
                + " the instance, Delete deletes it without one, Retain leaves it running.")
        @Default("Snapshot")
        DeletionPolicy deletionPolicy) {}
