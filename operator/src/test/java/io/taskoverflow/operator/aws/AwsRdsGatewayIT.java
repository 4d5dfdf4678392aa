package io.taskoverflow.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The SDK implementation of {@link RdsGateway} against moto: request shapes, pages, error codes.
 */
@ExtendWith(MotoServerExtension.class)
class AwsRdsGatewayIT {

  @Test
  void describeManagedFollowsEveryPageAndKeepsOnlyTheOperatorsPostgresInstances(
      MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork.create(rds, ec2);
    for (int i = 0; i < 45; i++) {
      instance(rds, "managed-" + i, "postgres", true);
    }
    instance(rds, "someone-elses", "postgres", false);
    instance(rds, "managed-mysql", "mysql", true);
    RdsCalls calls = new RdsCalls();

    List<RdsInstance> managed = gateway(moto, calls, 20).describeManaged();

    assertThat(managed).hasSize(45).allMatch(i -> i.identifier().startsWith("managed-"));
    assertThat(managed).noneMatch(i -> i.identifier().equals("managed-mysql"));
    assertThat(calls.count("DescribeDBInstances")).as("three pages of 20").isEqualTo(3);
  }

  @Test
  void awsErrorsCarryTheirCodeAndAnAbsentInstanceIsEmpty(MotoServer moto, RdsClient rds) {
    RdsGateway gateway = gateway(moto, new RdsCalls(), 100);

    assertThat(gateway.describe("nothing-here")).isEmpty();
    assertThatThrownBy(() -> gateway.delete("nothing-here", Optional.empty()))
        .isInstanceOfSatisfying(
            RdsRequestException.class,
            e -> {
              assertThat(e.code()).isEqualTo("DBInstanceNotFound");
              assertThat(e.operation()).isEqualTo("DeleteDBInstance");
              assertThat(e.isTransient()).isFalse();
            });
  }

  @Test
  void retagAddsAndRemovesTags(MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork.create(rds, ec2);
    instance(rds, "tagged", "postgres", true);
    RdsGateway gateway = gateway(moto, new RdsCalls(), 100);
    RdsInstance before = gateway.describe("tagged").orElseThrow();

    gateway.retag(before.arn(), Map.of("team", "tasks"), Set.of(RdsGateway.MANAGED_BY));

    RdsInstance after = gateway.describe("tagged").orElseThrow();
    assertThat(after.tags())
        .containsEntry("team", "tasks")
        .doesNotContainKey(RdsGateway.MANAGED_BY);
  }

  private static AwsRdsGateway gateway(MotoServer moto, RdsCalls calls, int pageSize) {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_OVERRIDE", moto.endpoint().toString()));
    return new AwsRdsGateway(
        () ->
            AwsRdsClients.builder(config.rds(), new RdsApiMeters(new SimpleMeterRegistry()), calls)
                .credentialsProvider(MotoServer.credentials())
                .build(),
        pageSize);
  }

  private static void instance(RdsClient rds, String id, String engine, boolean managed) {
    rds.createDBInstance(
        r ->
            r.dbInstanceIdentifier(id)
                .engine(engine)
                .dbInstanceClass("db.t3.micro")
                .allocatedStorage(20)
                .masterUsername("admin1")
                .masterUserPassword("password-123")
                .dbSubnetGroupName(MotoNetwork.SUBNET_GROUP)
                .tags(
                    managed
                        ? List.of(
                            Tag.builder()
                                .key(RdsGateway.MANAGED_BY)
                                .value(RdsGateway.OPERATOR)
                                .build())
                        : List.of()));
  }
}
