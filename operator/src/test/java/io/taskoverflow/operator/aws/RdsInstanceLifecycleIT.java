package io.taskoverflow.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The RDS calls the operator makes, through the AWS SDK against moto_server: an independent
 * implementation of the RDS and EC2 APIs, so request shapes and error codes are checked for real.
 */
@ExtendWith(MotoServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RdsInstanceLifecycleIT {

  @Test
  @Order(1)
  void createdInstanceIsDescribedAndGoneAfterDelete(RdsClient rds, Ec2Client ec2) {
    createSubnetGroupInDefaultVpc(rds, ec2);

    DBInstance created = createPostgres(rds, "demo-todo");

    assertThat(created.dbInstanceIdentifier()).isEqualTo("demo-todo");
    assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("demo-todo")).dbInstances())
        .singleElement()
        .satisfies(
            instance -> {
              assertThat(instance.engine()).isEqualTo("postgres");
              assertThat(instance.dbInstanceClass()).isEqualTo("db.t3.micro");
              assertThat(instance.dbSubnetGroup().dbSubnetGroupName())
                  .isEqualTo(MotoNetwork.SUBNET_GROUP);
              assertThat(instance.endpoint().address()).isNotBlank();
            });

    rds.deleteDBInstance(r -> r.dbInstanceIdentifier("demo-todo").skipFinalSnapshot(true));

    assertThatThrownBy(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("demo-todo")))
        .isInstanceOfSatisfying(
            DbInstanceNotFoundException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBInstanceNotFound"));
  }

  @Test
  @Order(2)
  void leavesAnInstanceBehindForTheNextTest(RdsClient rds, Ec2Client ec2) {
    createSubnetGroupInDefaultVpc(rds, ec2);
    createPostgres(rds, "left-behind");

    assertThat(rds.describeDBInstances().dbInstances()).hasSize(1);
  }

  @Test
  @Order(3)
  void eachTestStartsWithAnEmptyAccount(RdsClient rds) {
    assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
  }

  /** moto only accepts subnet groups whose subnets exist in its EC2: the default VPC's. */
  private static void createSubnetGroupInDefaultVpc(RdsClient rds, Ec2Client ec2) {
    MotoNetwork.createSubnetGroup(rds, ec2);
  }

  private static DBInstance createPostgres(RdsClient rds, String identifier) {
    return rds.createDBInstance(
            r ->
                r.dbInstanceIdentifier(identifier)
                    .engine("postgres")
                    .engineVersion("17.2")
                    .dbInstanceClass("db.t3.micro")
                    .allocatedStorage(20)
                    .dbName("todo")
                    .masterUsername("todo")
                    .masterUserPassword("not-a-secret-0")
                    .dbSubnetGroupName(MotoNetwork.SUBNET_GROUP)
                    .tags(Tag.builder().key("taskoverflow.io/name").value(identifier).build()))
        .dbInstance();
  }
}
