package io.taskoverflow.operator.rds;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.RdsDatabaseSpec;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.aws.RdsTags;
import io.taskoverflow.operator.config.RdsSettings;
import io.taskoverflow.operator.support.Checked;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a resource's {@code spec.database.rds} asks of its instance, with the operator's defaults
 * filled in: the request that creates it, and the one change that brings an existing one in line.
 */
public final class RdsDesiredInstance {

  private final TaskOverflow resource;
  private final RdsDatabaseSpec spec;
  private final RdsSettings settings;

  public RdsDesiredInstance(TaskOverflow resource, RdsSettings settings) {
    this.resource = resource;
    this.spec = resource.getSpec().database().rds();
    this.settings = settings;
  }

  public String identifier() {
    return RdsIdentifier.of(resource);
  }

  /** Whether the spec names an existing instance to adopt rather than one to create. */
  public boolean adopts() {
    return spec.instanceIdentifier() != null;
  }

  public boolean applyImmediately() {
    return Boolean.TRUE.equals(spec.applyImmediately());
  }

  /** CreateDBInstance for this resource, or why it cannot be made (no subnet group, say). */
  public Checked<RdsCreateRequest> createRequest(String username, String password) {
    return createRequest(username, password, Map.of());
  }

  /** The same, with tags beyond the owner's. */
  public Checked<RdsCreateRequest> createRequest(
      String username, String password, Map<String, String> moreTags) {
    Optional<String> subnetGroup =
        Optional.ofNullable(spec.subnetGroupName()).or(settings::subnetGroup);
    List<String> securityGroups = securityGroups().orElse(settings.securityGroupIds());
    if (subnetGroup.isEmpty() || securityGroups.isEmpty()) {
      return Checked.problem(
          "NetworkNotConfigured",
          "no "
              + (subnetGroup.isEmpty() ? "DB subnet group" : "VPC security group")
              + " for the RDS instance: set spec.database.rds."
              + (subnetGroup.isEmpty() ? "subnetGroupName" : "securityGroupIds")
              + ", or install the operator with aws.rds."
              + (subnetGroup.isEmpty() ? "subnetGroupName" : "securityGroupIds")
              + " (env "
              + (subnetGroup.isEmpty() ? "RDS_SUBNET_GROUP" : "RDS_SECURITY_GROUP_IDS")
              + ")");
    }
    return Checked.of(
        RdsCreateRequest.builder()
            .identifier(identifier())
            .instanceClass(spec.instanceClass())
            .engineVersion(spec.engineVersion())
            .allocatedStorage(spec.allocatedStorage())
            .maxAllocatedStorage(spec.maxAllocatedStorage())
            .multiAZ(Boolean.TRUE.equals(spec.multiAZ()))
            .storageEncrypted(!Boolean.FALSE.equals(spec.storageEncrypted()))
            .backupRetentionDays(spec.backupRetentionDays())
            .subnetGroup(subnetGroup.get())
            .securityGroupIds(securityGroups)
            .dbName(resource.getSpec().database().name())
            .masterUsername(username)
            .masterPassword(password)
            .tags(withAll(RdsTags.owner(resource), moreTags))
            .build());
  }

  /**
   * The one ModifyDBInstance that makes {@code actual} (with what it has pending) what the spec
   * asks; empty when it already is. Storage only grows, a newer minor version is kept, and the
   * security groups are compared only when the spec names them (defaults apply at creation).
   */
  public RdsSettingsChange changeFrom(RdsInstance actual) {
    RdsSettingsChange target = actual.target();
    return RdsSettingsChange.builder()
        .instanceClass(differs(spec.instanceClass(), target.instanceClass()))
        .allocatedStorage(
            spec.allocatedStorage() > target.allocatedStorage() ? spec.allocatedStorage() : null)
        .maxAllocatedStorage(maxStorageChange(target))
        .multiAZ(differs(Boolean.TRUE.equals(spec.multiAZ()), target.multiAZ()))
        .backupRetentionDays(differs(spec.backupRetentionDays(), target.backupRetentionDays()))
        .engineVersion(
            EngineVersions.isNewerMinor(spec.engineVersion(), target.engineVersion())
                ? spec.engineVersion()
                : null)
        .securityGroupIds(
            securityGroups()
                .filter(groups -> !groups.equals(sorted(target.securityGroupIds())))
                .orElse(null))
        .build();
  }

  /** Autoscaling off is asked for with a limit equal to the allocated storage. */
  private Integer maxStorageChange(RdsSettingsChange target) {
    Integer wanted = spec.maxAllocatedStorage();
    if (wanted == null) {
      return target.maxAllocatedStorage() == null
              || target.maxAllocatedStorage().equals(target.allocatedStorage())
          ? null
          : target.allocatedStorage();
    }
    return differs(wanted, target.maxAllocatedStorage());
  }

  private Optional<List<String>> securityGroups() {
    return Optional.ofNullable(spec.securityGroupIds())
        .filter(groups -> !groups.isEmpty())
        .map(RdsDesiredInstance::sorted);
  }

  private static List<String> sorted(List<String> groups) {
    return groups == null ? List.of() : groups.stream().sorted().distinct().toList();
  }

  private static Map<String, String> withAll(Map<String, String> tags, Map<String, String> more) {
    Map<String, String> all = new HashMap<>(tags);
    all.putAll(more);
    return all;
  }

  private static <T> T differs(T wanted, T actual) {
    return Objects.equals(wanted, actual) ? null : wanted;
  }
}
