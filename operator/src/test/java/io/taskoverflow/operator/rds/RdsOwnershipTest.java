package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.testsupport.RdsResources;
import io.taskoverflow.operator.testsupport.ScriptedRdsGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An existing instance is the resource's own only if its tags name the resource's uid. */
class RdsOwnershipTest {

  private static final OperatorConfig CONFIG =
      OperatorConfig.fromEnv(
          Map.of("RDS_SUBNET_GROUP", "group", "RDS_SECURITY_GROUP_IDS", "sg-0123456789abcdef0"));

  @Test
  void aCreateAcceptedByAwsWhoseAnswerWasLostIsFoundAndNotMadeTwice() {
    ScriptedRdsGateway aws = new ScriptedRdsGateway().loseNextCreateAnswer();
    TaskOverflow resource = RdsResources.of("shop", "todo", "");
    RdsCreateRequest request = request(resource);
    assertThatThrownBy(() -> aws.create(request))
        .isInstanceOfSatisfying(
            RdsRequestException.class, e -> assertThat(e.isTransient()).isTrue());

    // The retry (the SDK's or the next reconcile's) meets DBInstanceAlreadyExists ...
    assertThatThrownBy(() -> aws.create(request))
        .isInstanceOfSatisfying(
            RdsRequestException.class,
            e -> assertThat(e.code()).isEqualTo("DBInstanceAlreadyExists"));
    // ... and the instance is recognised as this resource's by its tags.
    RdsInstance own =
        RdsOwnership.claimOwn(aws, request.identifier(), resource).instance().orElseThrow();

    assertThat(own.identifier()).isEqualTo(request.identifier());
    assertThat(aws.instanceCount()).isEqualTo(1);
  }

  @Test
  void anInstanceOfAnEarlierResourceOfTheSameNameIsAConflict() {
    ScriptedRdsGateway aws = new ScriptedRdsGateway();
    TaskOverflow earlier = RdsResources.of("shop", "todo", "");
    aws.create(request(earlier));
    TaskOverflow later = RdsResources.of("shop", "todo", "");
    later.getMetadata().setUid("another-uid");

    assertThat(RdsOwnership.claimOwn(aws, request(later).identifier(), later))
        .isInstanceOfSatisfying(
            RdsObservation.Blocked.class,
            blocked -> {
              assertThat(blocked.reason()).isEqualTo("InstanceConflict");
              assertThat(blocked.message())
                  .as("another resource is never named")
                  .doesNotContain("uid-shop-todo")
                  .doesNotContain("another-uid");
              assertThat(blocked.actionRequired()).isTrue();
            });
  }

  private static RdsCreateRequest request(TaskOverflow resource) {
    return new RdsDesiredInstance(resource, CONFIG.rds()).createRequest("u", "p").value();
  }
}
