package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import io.taskoverflow.operator.aws.RdsTags;
import io.taskoverflow.operator.config.RdsSettings;
import io.taskoverflow.operator.support.Checked;
import java.util.Map;

/**
 * Brings a resource's instance into being: adopts the one the spec names, or creates one with the
 * generated master password. The identifier is deterministic, so a create that AWS accepted but
 * whose answer was lost (a timeout, a restart) ends in DBInstanceAlreadyExists, and the instance is
 * recognised by its tags instead of being made twice.
 */
final class RdsCreation {

  private final RdsGateway gateway;
  private final RdsSettings settings;

  RdsCreation(RdsGateway gateway, RdsSettings settings) {
    this.gateway = gateway;
    this.settings = settings;
  }

  RdsInstance create(TaskOverflow resource, Context<TaskOverflow> context) {
    RdsDesiredInstance want = new RdsDesiredInstance(resource, settings);
    if (want.adopts()) {
      return RdsOwnership.adopt(gateway, want.identifier(), resource, context);
    }
    Checked<RdsCredentials> credentials = RdsCredentials.read(resource, context);
    if (!credentials.isPresent()) {
      throw new RdsBlockedException(
          RdsProblem.waiting(credentials.reason(), credentials.message()));
    }
    Checked<RdsCreateRequest> request =
        want.createRequest(
            credentials.value().username(),
            credentials.value().password(),
            RdsCredentials.generatedSecretUid(resource, context)
                .map(RdsTags::masterSecret)
                .orElse(Map.of()));
    if (!request.isPresent()) {
      throw new RdsBlockedException(RdsProblem.needsUser(request.reason(), request.message()));
    }
    try {
      RdsInstance created = gateway.create(request.value());
      RdsEvents.creating(context, resource, request.value());
      return created.withTags(request.value().tags());
    } catch (RdsRequestException e) {
      if (!"DBInstanceAlreadyExists".equals(e.code())) {
        throw e;
      }
      return RdsOwnership.claimOwn(gateway, want.identifier(), resource);
    }
  }
}
