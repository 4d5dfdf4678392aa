package io.taskoverflow.operator.aws;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of an instance that ModifyDBInstance changes in place. As a request, null means
 * "leave as it is"; as the pending part of an instance, null means "nothing pending".
 */
public record RdsSettingsChange(
    String instanceClass,
    Integer allocatedStorage,
    Integer maxAllocatedStorage,
    Boolean multiAZ,
    Integer backupRetentionDays,
    String engineVersion,
    List<String> securityGroupIds) {

  public static final RdsSettingsChange NONE =
      new RdsSettingsChange(null, null, null, null, null, null, null);

  public RdsSettingsChange {
    securityGroupIds = securityGroupIds == null ? null : List.copyOf(securityGroupIds);
  }

  public static RdsSettingsChangeBuilder builder() {
    return new RdsSettingsChangeBuilder();
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  /** These values, with every value {@code other} sets taking precedence. */
  public RdsSettingsChange overriddenBy(RdsSettingsChange other) {
    return new RdsSettingsChange(
        either(other.instanceClass, instanceClass),
        either(other.allocatedStorage, allocatedStorage),
        either(other.maxAllocatedStorage, maxAllocatedStorage),
        either(other.multiAZ, multiAZ),
        either(other.backupRetentionDays, backupRetentionDays),
        either(other.engineVersion, engineVersion),
        either(other.securityGroupIds, securityGroupIds));
  }

  private static <T> T either(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }

  /** A readable list of what this change sets, for status messages and events. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    add(parts, "instance class", instanceClass);
    add(parts, "allocated storage", allocatedStorage == null ? null : allocatedStorage + " GiB");
    add(
        parts,
        "max allocated storage",
        maxAllocatedStorage == null ? null : maxAllocatedStorage + " GiB");
    add(parts, "multi-AZ", multiAZ);
    add(parts, "backup retention", backupRetentionDays == null ? null : backupRetentionDays + "d");
    add(parts, "engine version", engineVersion);
    add(parts, "security groups", securityGroupIds);
    return String.join(", ", parts);
  }

  private static void add(List<String> parts, String name, Object value) {
    if (value != null) {
      parts.add(name + " " + value);
    }
  }
}
