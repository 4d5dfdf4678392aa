package io.taskoverflow.operator.aws;

import java.util.List;
import java.util.Map;

/**
 * Everything CreateDBInstance gets. Always PostgreSQL, encrypted as asked, never publicly
 * accessible. {@link #toString()} leaves the password out.
 */
public record RdsCreateRequest(
    String identifier,
    String instanceClass,
    String engineVersion,
    int allocatedStorage,
    Integer maxAllocatedStorage,
    boolean multiAZ,
    boolean storageEncrypted,
    int backupRetentionDays,
    String subnetGroup,
    List<String> securityGroupIds,
    String dbName,
    String masterUsername,
    String masterPassword,
    Map<String, String> tags) {

  public RdsCreateRequest {
    securityGroupIds = List.copyOf(securityGroupIds);
    tags = Map.copyOf(tags);
  }

  public static RdsCreateRequestBuilder builder() {
    return new RdsCreateRequestBuilder();
  }

  @Override
  public String toString() {
    return "RdsCreateRequest["
        + identifier
        + ", "
        + instanceClass
        + ", postgres "
        + engineVersion
        + ", "
        + allocatedStorage
        + " GiB, subnet group "
        + subnetGroup
        + ", security groups "
        + securityGroupIds
        + ", master user "
        + masterUsername
        + "]";
  }
}
