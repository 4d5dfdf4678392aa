package io.taskoverflow.operator.testsupport;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * What terraform/eks makes for RDS, in moto: a DB subnet group over the default VPC's subnets (moto
 * accepts only subnets its EC2 knows) and a security group.
 */
public record MotoNetwork(String subnetGroup, String securityGroupId) {

  public static final String SUBNET_GROUP = "taskoverflow-db";

  public static MotoNetwork create(RdsClient rds, Ec2Client ec2) {
    createSubnetGroup(rds, ec2);
    return new MotoNetwork(SUBNET_GROUP, createSecurityGroup(ec2));
  }

  public static void createSubnetGroup(RdsClient rds, Ec2Client ec2) {
    List<String> subnets =
        ec2
            .describeSubnets(
                r -> r.filters(Filter.builder().name("default-for-az").values("true").build()))
            .subnets()
            .stream()
            .map(Subnet::subnetId)
            .toList();
    rds.createDBSubnetGroup(
        r ->
            r.dbSubnetGroupName(SUBNET_GROUP)
                .dbSubnetGroupDescription("TaskOverflow databases")
                .subnetIds(subnets));
  }

  public static String createSecurityGroup(Ec2Client ec2) {
    String vpc =
        ec2.describeVpcs(r -> r.filters(Filter.builder().name("isDefault").values("true").build()))
            .vpcs()
            .get(0)
            .vpcId();
    return ec2.createSecurityGroup(
            r ->
                r.groupName("taskoverflow-db-" + System.nanoTime())
                    .description("PostgreSQL from EKS")
                    .vpcId(vpc))
        .groupId();
  }
}
