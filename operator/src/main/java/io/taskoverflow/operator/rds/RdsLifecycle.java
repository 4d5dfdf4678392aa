package io.taskoverflow.operator.rds;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import io.taskoverflow.operator.support.Checked;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do about a resource's RDS instance, from what the poller last saw of it: create it, adopt
 * the one the spec names (with its owner's consent and credentials that log in), or bring it in
 * line with the spec (master password, then settings), each a request to AWS; or nothing. Every
 * outcome, AWS errors included, is an {@link RdsObservation}. The identifier is deterministic, so a
 * create that AWS accepted but whose answer was lost ends in DBInstanceAlreadyExists, and the
 * instance is recognised by its tags instead of made twice.
 */
final class RdsLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(RdsLifecycle.class);

  /**
   * What one reconcile knows.
   *
   * @param cached the resource's instance as the poller last saw it
   * @param masterSecretUid the uid of the generated master Secret; empty for an adopted instance
   */
  record Inputs(
      TaskOverflow resource,
      RdsDesiredInstance want,
      Optional<RdsInstance> cached,
      Checked<RdsCredentials> credentials,
      Optional<String> masterSecretUid) {}

  private final RdsGateway gateway;
  private final MasterLogin login;

  RdsLifecycle(RdsGateway gateway, MasterLogin login) {
    this.gateway = gateway;
    this.login = login;
  }

  RdsObservation reconcile(Inputs in) {
    String identifier = in.want().identifier();
    try {
      if (in.cached().isEmpty()) {
        return in.want().adopts()
            ? RdsOwnership.adopt(gateway, login, identifier, in.resource(), in.credentials())
            : create(in, identifier);
      }
      RdsInstance actual = in.cached().get();
      if (!RdsOwnership.ownedBy(actual, in.resource())) {
        return RdsOwnership.conflict(actual, in.resource());
      }
      Optional<RdsObservation> adoptionFinished =
          RdsOwnership.finishAdoption(gateway, actual, in.resource());
      if (adoptionFinished.isPresent()) {
        return adoptionFinished.get();
      }
      // RDS refuses modifications in most other states; the next reconcile will do.
      return "available".equals(actual.status())
          ? bringInLine(in, actual)
          : RdsObservation.Observed.as(identifier, in.cached());
    } catch (RdsRequestException e) {
      var metadata = in.resource().getMetadata();
      LOG.warn(
          "RDS instance {} of {}/{}: {}",
          identifier,
          metadata.getNamespace(),
          metadata.getName(),
          e.getMessage());
      return RdsObservation.failed(identifier, in.cached(), e);
    }
  }

  private RdsObservation create(Inputs in, String identifier) {
    if (!in.credentials().isPresent()) {
      return RdsObservation.waiting(
          identifier, Optional.empty(), in.credentials().reason(), in.credentials().message());
    }
    Checked<RdsCreateRequest> request =
        in.want()
            .createRequest(
                in.credentials().value().username(),
                in.credentials().value().password(),
                in.masterSecretUid().map(RdsTags::masterSecret).orElse(Map.of()));
    if (!request.isPresent()) {
      return RdsObservation.needsUser(
          identifier, Optional.empty(), request.reason(), request.message());
    }
    try {
      RdsInstance created = gateway.create(request.value());
      return new RdsObservation.Observed(
          identifier,
          Optional.of(created.withTags(request.value().tags())),
          null,
          true,
          List.of(RdsEvents.creating(request.value())));
    } catch (RdsRequestException e) {
      if (!"DBInstanceAlreadyExists".equals(e.code())) {
        throw e;
      }
      return RdsOwnership.claimOwn(gateway, identifier, in.resource());
    }
  }

  /**
   * A master Secret written anew gets its password set on the instance, whose tag names the Secret
   * it follows; then the settings that differ from the spec become one ModifyDBInstance.
   */
  private RdsObservation bringInLine(Inputs in, RdsInstance actual) {
    String identifier = actual.identifier();
    List<RdsEvent> events = new ArrayList<>();
    List<String> requested = new ArrayList<>();
    RdsInstance current = actual;
    Optional<String> newSecret =
        in.masterSecretUid()
            .filter(uid -> !actual.tag(RdsTags.MASTER_SECRET_UID).equals(Optional.of(uid)));
    if (newSecret.isPresent() && in.credentials().isPresent()) {
      gateway.resetMasterPassword(identifier, in.credentials().value().password());
      Map<String, String> tag = RdsTags.masterSecret(newSecret.get());
      gateway.retag(actual.arn(), tag, Set.of());
      Map<String, String> tags = new HashMap<>(actual.tags());
      tags.putAll(tag);
      current = actual.withTags(tags);
      events.add(RdsEvents.masterPasswordReset(in.resource(), identifier));
      requested.add("the master password of its Secret");
    }
    RdsSettingsChange change = in.want().changeFrom(current);
    if (!change.isEmpty()) {
      boolean now = in.want().applyImmediately();
      // Tags are not part of every answer; modifying does not change them.
      current = gateway.modify(identifier, change, now).withTags(current.tags());
      events.add(RdsEvents.modifying(identifier, change, now));
      requested.add(change.describe());
    }
    if (events.isEmpty()) {
      return RdsObservation.Observed.as(identifier, Optional.of(actual));
    }
    return new RdsObservation.Observed(
        identifier,
        Optional.of(current),
        "modification requested: " + String.join(", ", requested),
        false,
        events);
  }
}
