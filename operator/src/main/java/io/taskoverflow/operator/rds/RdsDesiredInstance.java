package io.taskoverflow.operator.rds;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.DeletionPolicy;
import io.taskoverflow.crd.spec.RdsDatabaseSpec;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.config.RdsSettings;
import io.taskoverflow.operator.support.Checked;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a resource's {@code spec.database.rds} asks of its instance: the request that creates it,
 * with the operator's defaults for what the spec leaves unset, and the one change that brings an
 * existing one in line. For an instance the operator created, an unset field means its default; for
 * an adopted one it means "as the instance has it" (late initialization): adopting changes nothing
 * the user did not write.
 */
public final class RdsDesiredInstance {

  static final String DEFAULT_CLASS = "db.t3.micro";
  static final String DEFAULT_ENGINE_VERSION = "17";
  static final int DEFAULT_STORAGE_GIB = 20;
  static final int DEFAULT_BACKUP_DAYS = 1;

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

  /** Snapshot for an instance the operator made; an adopted one is left running unless asked. */
  public DeletionPolicy deletionPolicy() {
    if (spec.deletionPolicy() != null) {
      return spec.deletionPolicy();
    }
    return adopts() ? DeletionPolicy.Retain : DeletionPolicy.Snapshot;
  }

  /**
   * Whether deleting the resource deletes the instance after a final snapshot: always by Snapshot;
   * by Delete only an adopted instance, whose data predates the resource, unless the spec says
   * skipFinalSnapshot.
   */
  public boolean takesFinalSnapshot() {
    return switch (deletionPolicy()) {
      case Snapshot -> true;
      case Delete -> adopts() && !Boolean.TRUE.equals(spec.skipFinalSnapshot());
      case Retain -> false;
    };
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
            .instanceClass(or(spec.instanceClass(), DEFAULT_CLASS))
            .engineVersion(or(spec.engineVersion(), DEFAULT_ENGINE_VERSION))
            .allocatedStorage(or(spec.allocatedStorage(), DEFAULT_STORAGE_GIB))
            .maxAllocatedStorage(spec.maxAllocatedStorage())
            .multiAZ(Boolean.TRUE.equals(spec.multiAZ()))
            .storageEncrypted(!Boolean.FALSE.equals(spec.storageEncrypted()))
            .backupRetentionDays(or(spec.backupRetentionDays(), DEFAULT_BACKUP_DAYS))
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
   * security groups are compared only when the spec names them (defaults apply at creation). A
   * field the spec leaves unset is compared with its default only on an instance the operator
   * created.
   */
  public RdsSettingsChange changeFrom(RdsInstance actual) {
    RdsSettingsChange target = actual.target();
    Integer storage = orDefault(spec.allocatedStorage(), DEFAULT_STORAGE_GIB);
    String engineVersion = orDefault(spec.engineVersion(), DEFAULT_ENGINE_VERSION);
    return RdsSettingsChange.builder()
        .instanceClass(
            differs(orDefault(spec.instanceClass(), DEFAULT_CLASS), target.instanceClass()))
        .allocatedStorage(storage != null && storage > target.allocatedStorage() ? storage : null)
        .maxAllocatedStorage(maxStorageChange(target))
        .multiAZ(differs(orDefault(spec.multiAZ(), false), target.multiAZ()))
        .backupRetentionDays(
            differs(
                orDefault(spec.backupRetentionDays(), DEFAULT_BACKUP_DAYS),
                target.backupRetentionDays()))
        .engineVersion(
            engineVersion != null
                    && EngineVersions.isNewerMinor(engineVersion, target.engineVersion())
                ? engineVersion
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
    if (wanted == null && adopts()) {
      return null;
    }
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

  /**
   * What an unset field stands for: the default on an instance of ours, nothing on an adopted one.
   */
  private <T> T orDefault(T value, T fallback) {
    return value != null || adopts() ? value : fallback;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /** The wanted value where it differs; null (no change) where it matches or nothing is wanted. */
  private static <T> T differs(T wanted, T actual) {
    return wanted == null || Objects.equals(wanted, actual) ? null : wanted;
  }
}
