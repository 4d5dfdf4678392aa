package io.taskoverflow.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** The SDK's RDS types in the operator's terms, and back. */
final class AwsRdsModel {

  private AwsRdsModel() {}

  static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
        .toList();
  }

  static RdsInstance instance(DBInstance instance) {
    return new RdsInstance(
        instance.dbInstanceIdentifier(),
        instance.dbInstanceArn(),
        instance.dbInstanceStatus(),
        instance.endpoint() == null ? null : instance.endpoint().address(),
        instance.endpoint() == null ? null : instance.endpoint().port(),
        instance.engineVersion(),
        instance.dbInstanceClass(),
        instance.allocatedStorage() == null ? 0 : instance.allocatedStorage(),
        instance.maxAllocatedStorage(),
        Boolean.TRUE.equals(instance.multiAZ()),
        instance.backupRetentionPeriod() == null ? 0 : instance.backupRetentionPeriod(),
        Boolean.TRUE.equals(instance.storageEncrypted()),
        Boolean.TRUE.equals(instance.publiclyAccessible()),
        Boolean.TRUE.equals(instance.deletionProtection()),
        instance.dbSubnetGroup() == null ? null : instance.dbSubnetGroup().dbSubnetGroupName(),
        instance.vpcSecurityGroups().stream()
            .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
            .sorted()
            .toList(),
        instance.masterUsername(),
        instance.tagList().stream()
            .filter(tag -> tag.key() != null && tag.value() != null)
            .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)),
        pending(instance.pendingModifiedValues()));
  }

  private static RdsSettingsChange pending(PendingModifiedValues pending) {
    if (pending == null) {
      return RdsSettingsChange.NONE;
    }
    return new RdsSettingsChange(
        pending.dbInstanceClass(),
        pending.allocatedStorage(),
        null,
        pending.multiAZ(),
        pending.backupRetentionPeriod(),
        pending.engineVersion(),
        null);
  }
}
