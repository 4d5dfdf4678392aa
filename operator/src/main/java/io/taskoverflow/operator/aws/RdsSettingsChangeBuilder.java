package io.taskoverflow.operator.aws;

import java.util.List;

/** Builds a {@link RdsSettingsChange} by named steps instead of 7 values in a row. */
public final class RdsSettingsChangeBuilder {

  private String instanceClass;
  private Integer allocatedStorage;
  private Integer maxAllocatedStorage;
  private Boolean multiAZ;
  private Integer backupRetentionDays;
  private String engineVersion;
  private List<String> securityGroupIds;

  RdsSettingsChangeBuilder() {}

  public RdsSettingsChangeBuilder instanceClass(String value) {
    this.instanceClass = value;
    return this;
  }

  public RdsSettingsChangeBuilder allocatedStorage(Integer value) {
    this.allocatedStorage = value;
    return this;
  }

  public RdsSettingsChangeBuilder maxAllocatedStorage(Integer value) {
    this.maxAllocatedStorage = value;
    return this;
  }

  public RdsSettingsChangeBuilder multiAZ(Boolean value) {
    this.multiAZ = value;
    return this;
  }

  public RdsSettingsChangeBuilder backupRetentionDays(Integer value) {
    this.backupRetentionDays = value;
    return this;
  }

  public RdsSettingsChangeBuilder engineVersion(String value) {
    this.engineVersion = value;
    return this;
  }

  public RdsSettingsChangeBuilder securityGroupIds(List<String> value) {
    this.securityGroupIds = value;
    return this;
  }

  public RdsSettingsChange build() {
    return new RdsSettingsChange(
        instanceClass,
        allocatedStorage,
        maxAllocatedStorage,
        multiAZ,
        backupRetentionDays,
        engineVersion,
        securityGroupIds);
  }
}
