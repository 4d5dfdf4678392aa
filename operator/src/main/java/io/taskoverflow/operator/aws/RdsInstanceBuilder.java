package io.taskoverflow.operator.aws;

import java.util.List;
import java.util.Map;

/** Builds an {@link RdsInstance} by named steps instead of nineteen values in a row. */
public final class RdsInstanceBuilder {

  private String identifier;
  private String arn;
  private String status;
  private String endpoint;
  private Integer port;
  private String engineVersion;
  private String instanceClass;
  private int allocatedStorage;
  private Integer maxAllocatedStorage;
  private boolean multiAZ;
  private int backupRetentionDays;
  private boolean storageEncrypted;
  private boolean publiclyAccessible;
  private boolean deletionProtection;
  private String subnetGroup;
  private List<String> securityGroupIds = List.of();
  private String masterUsername;
  private Map<String, String> tags = Map.of();
  private RdsSettingsChange pending = RdsSettingsChange.NONE;

  RdsInstanceBuilder() {}

  public RdsInstanceBuilder identifier(String value) {
    this.identifier = value;
    return this;
  }

  public RdsInstanceBuilder arn(String value) {
    this.arn = value;
    return this;
  }

  public RdsInstanceBuilder status(String value) {
    this.status = value;
    return this;
  }

  public RdsInstanceBuilder endpoint(String value) {
    this.endpoint = value;
    return this;
  }

  public RdsInstanceBuilder port(Integer value) {
    this.port = value;
    return this;
  }

  public RdsInstanceBuilder engineVersion(String value) {
    this.engineVersion = value;
    return this;
  }

  public RdsInstanceBuilder instanceClass(String value) {
    this.instanceClass = value;
    return this;
  }

  public RdsInstanceBuilder allocatedStorage(int value) {
    this.allocatedStorage = value;
    return this;
  }

  public RdsInstanceBuilder maxAllocatedStorage(Integer value) {
    this.maxAllocatedStorage = value;
    return this;
  }

  public RdsInstanceBuilder multiAZ(boolean value) {
    this.multiAZ = value;
    return this;
  }

  public RdsInstanceBuilder backupRetentionDays(int value) {
    this.backupRetentionDays = value;
    return this;
  }

  public RdsInstanceBuilder storageEncrypted(boolean value) {
    this.storageEncrypted = value;
    return this;
  }

  public RdsInstanceBuilder publiclyAccessible(boolean value) {
    this.publiclyAccessible = value;
    return this;
  }

  public RdsInstanceBuilder deletionProtection(boolean value) {
    this.deletionProtection = value;
    return this;
  }

  public RdsInstanceBuilder subnetGroup(String value) {
    this.subnetGroup = value;
    return this;
  }

  public RdsInstanceBuilder securityGroupIds(List<String> value) {
    this.securityGroupIds = value;
    return this;
  }

  public RdsInstanceBuilder masterUsername(String value) {
    this.masterUsername = value;
    return this;
  }

  public RdsInstanceBuilder tags(Map<String, String> value) {
    this.tags = value;
    return this;
  }

  public RdsInstanceBuilder pending(RdsSettingsChange value) {
    this.pending = value;
    return this;
  }

  public RdsInstance build() {
    return new RdsInstance(
        identifier,
        arn,
        status,
        endpoint,
        port,
        engineVersion,
        instanceClass,
        allocatedStorage,
        maxAllocatedStorage,
        multiAZ,
        backupRetentionDays,
        storageEncrypted,
        publiclyAccessible,
        deletionProtection,
        subnetGroup,
        securityGroupIds,
        masterUsername,
        tags,
        pending);
  }

  static RdsInstanceBuilder from(RdsInstance instance) {
    return new RdsInstanceBuilder()
        .identifier(instance.identifier())
        .arn(instance.arn())
        .status(instance.status())
        .endpoint(instance.endpoint())
        .port(instance.port())
        .engineVersion(instance.engineVersion())
        .instanceClass(instance.instanceClass())
        .allocatedStorage(instance.allocatedStorage())
        .maxAllocatedStorage(instance.maxAllocatedStorage())
        .multiAZ(instance.multiAZ())
        .backupRetentionDays(instance.backupRetentionDays())
        .storageEncrypted(instance.storageEncrypted())
        .publiclyAccessible(instance.publiclyAccessible())
        .deletionProtection(instance.deletionProtection())
        .subnetGroup(instance.subnetGroup())
        .securityGroupIds(instance.securityGroupIds())
        .masterUsername(instance.masterUsername())
        .tags(instance.tags())
        .pending(instance.pending());
  }
}
