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
    return RdsInstance.builder()
        .identifier(instance.dbInstanceIdentifier())
        .arn(instance.dbInstanceArn())
        .status(instance.dbInstanceStatus())
        .endpoint(instance.endpoint() == null ? null : instance.endpoint().address())
        .port(instance.endpoint() == null ? null : instance.endpoint().port())
        .engineVersion(instance.engineVersion())
        .instanceClass(instance.dbInstanceClass())
        .allocatedStorage(instance.allocatedStorage() == null ? 0 : instance.allocatedStorage())
        .maxAllocatedStorage(instance.maxAllocatedStorage())
        .multiAZ(Boolean.TRUE.equals(instance.multiAZ()))
        .backupRetentionDays(
            instance.backupRetentionPeriod() == null ? 0 : instance.backupRetentionPeriod())
        .storageEncrypted(Boolean.TRUE.equals(instance.storageEncrypted()))
        .publiclyAccessible(Boolean.TRUE.equals(instance.publiclyAccessible()))
        .deletionProtection(Boolean.TRUE.equals(instance.deletionProtection()))
        .subnetGroup(
            instance.dbSubnetGroup() == null ? null : instance.dbSubnetGroup().dbSubnetGroupName())
        .securityGroupIds(
            instance.vpcSecurityGroups().stream()
                .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                .sorted()
                .toList())
        .masterUsername(instance.masterUsername())
        .tags(
            instance.tagList().stream()
                .filter(tag -> tag.key() != null && tag.value() != null)
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)))
        .pending(pending(instance.pendingModifiedValues()))
        .build();
  }

  private static RdsSettingsChange pending(PendingModifiedValues pending) {
    if (pending == null) {
      return RdsSettingsChange.NONE;
    }
    return RdsSettingsChange.builder()
        .instanceClass(pending.dbInstanceClass())
        .allocatedStorage(pending.allocatedStorage())
        .multiAZ(pending.multiAZ())
        .backupRetentionDays(pending.backupRetentionPeriod())
        .engineVersion(pending.engineVersion())
        .build();
  }
}
