package io.taskoverflow.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RDS instance as DescribeDBInstances reports it, reduced to what the operator reads. Values are
 * the current ones; {@code pending} holds what AWS will apply in the next maintenance window.
 *
 * @param status the AWS status, e.g. creating, backing-up, available, modifying, storage-full
 * @param endpoint host name, null while AWS has not assigned one
 * @param port null while AWS has not assigned one
 * @param maxAllocatedStorage null when storage autoscaling is off
 */
public record RdsInstance(
    String identifier,
    String arn,
    String status,
    String endpoint,
    Integer port,
    String engineVersion,
    String instanceClass,
    int allocatedStorage,
    Integer maxAllocatedStorage,
    boolean multiAZ,
    int backupRetentionDays,
    boolean storageEncrypted,
    boolean publiclyAccessible,
    boolean deletionProtection,
    String subnetGroup,
    List<String> securityGroupIds,
    String masterUsername,
    Map<String, String> tags,
    RdsSettingsChange pending) {

  public RdsInstance {
    securityGroupIds = List.copyOf(securityGroupIds);
    tags = Map.copyOf(tags);
    pending = pending == null ? RdsSettingsChange.NONE : pending;
  }

  /** Whether AWS is working on the instance, so that its status will change soon by itself. */
  public boolean transitioning() {
    return !RdsStatuses.settled(status);
  }

  public Optional<String> tag(String key) {
    return Optional.ofNullable(tags.get(key));
  }

  /** The settings once pending modifications are applied: what a new request compares against. */
  public RdsSettingsChange target() {
    return RdsSettingsChange.builder()
        .instanceClass(instanceClass)
        .allocatedStorage(allocatedStorage)
        .maxAllocatedStorage(maxAllocatedStorage)
        .multiAZ(multiAZ)
        .backupRetentionDays(backupRetentionDays)
        .engineVersion(engineVersion)
        .securityGroupIds(securityGroupIds)
        .build()
        .overriddenBy(pending);
  }

  public RdsInstance withStatus(String newStatus) {
    return toBuilder().status(newStatus).build();
  }

  public RdsInstance withTags(Map<String, String> newTags) {
    return toBuilder().tags(newTags).build();
  }

  public static RdsInstanceBuilder builder() {
    return new RdsInstanceBuilder();
  }

  /** A builder holding this instance's values, to change some of them. */
  public RdsInstanceBuilder toBuilder() {
    return RdsInstanceBuilder.from(this);
  }
}
