package io.taskoverflow.operator.aws;

import java.util.List;
import java.util.Map;

/** Builds a {@link RdsCreateRequest} by named steps instead of 14 values in a row. */
public final class RdsCreateRequestBuilder {

  private String identifier;
  private String instanceClass;
  private String engineVersion;
  private int allocatedStorage;
  private Integer maxAllocatedStorage;
  private boolean multiAZ;
  private boolean storageEncrypted;
  private int backupRetentionDays;
  private String subnetGroup;
  private List<String> securityGroupIds = List.of();
  private String dbName;
  private String masterUsername;
  private String masterPassword;
  private Map<String, String> tags = Map.of();

  RdsCreateRequestBuilder() {}

  public RdsCreateRequestBuilder identifier(String value) {
    this.identifier = value;
    return this;
  }

  public RdsCreateRequestBuilder instanceClass(String value) {
    this.instanceClass = value;
    return this;
  }

  public RdsCreateRequestBuilder engineVersion(String value) {
    this.engineVersion = value;
    return this;
  }

  public RdsCreateRequestBuilder allocatedStorage(int value) {
    this.allocatedStorage = value;
    return this;
  }

  public RdsCreateRequestBuilder maxAllocatedStorage(Integer value) {
    this.maxAllocatedStorage = value;
    return this;
  }

  public RdsCreateRequestBuilder multiAZ(boolean value) {
    this.multiAZ = value;
    return this;
  }

  public RdsCreateRequestBuilder storageEncrypted(boolean value) {
    this.storageEncrypted = value;
    return this;
  }

  public RdsCreateRequestBuilder backupRetentionDays(int value) {
    this.backupRetentionDays = value;
    return this;
  }

  public RdsCreateRequestBuilder subnetGroup(String value) {
    this.subnetGroup = value;
    return this;
  }

  public RdsCreateRequestBuilder securityGroupIds(List<String> value) {
    this.securityGroupIds = value;
    return this;
  }

  public RdsCreateRequestBuilder dbName(String value) {
    this.dbName = value;
    return this;
  }

  public RdsCreateRequestBuilder masterUsername(String value) {
    this.masterUsername = value;
    return this;
  }

  public RdsCreateRequestBuilder masterPassword(String value) {
    this.masterPassword = value;
    return this;
  }

  public RdsCreateRequestBuilder tags(Map<String, String> value) {
    this.tags = value;
    return this;
  }

  public RdsCreateRequest build() {
    return new RdsCreateRequest(
        identifier,
        instanceClass,
        engineVersion,
        allocatedStorage,
        maxAllocatedStorage,
        multiAZ,
        storageEncrypted,
        backupRetentionDays,
        subnetGroup,
        securityGroupIds,
        dbName,
        masterUsername,
        masterPassword,
        tags);
  }
}
