package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsTags;
import io.taskoverflow.operator.support.Checked;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a created instance's master password that of its generated Secret {@code <name>-db-master}.
 * The instance's tag names the Secret (by uid) whose password it has; when that Secret was deleted
 * and generated anew, the new password is set on the instance, so a lost Secret never locks the app
 * out.
 */
final class RdsMasterPassword {

  private RdsMasterPassword() {}

  /** Whether the instance has another password than the generated Secret it should follow. */
  static boolean stale(RdsInstance actual, TaskOverflow resource, Context<TaskOverflow> context) {
    return RdsCredentials.generatedSecretUid(resource, context)
        .filter(uid -> !actual.tag(RdsTags.MASTER_SECRET_UID).filter(uid::equals).isPresent())
        .isPresent();
  }

  /** Sets the Secret's password on the instance and tags it with the Secret's uid. */
  static RdsInstance reset(
      RdsGateway gateway,
      RdsInstance actual,
      TaskOverflow resource,
      Context<TaskOverflow> context) {
    Optional<String> uid = RdsCredentials.generatedSecretUid(resource, context);
    Checked<RdsCredentials> credentials = RdsCredentials.read(resource, context);
    if (uid.isEmpty() || !credentials.isPresent()) {
      return actual;
    }
    gateway.resetMasterPassword(actual.identifier(), credentials.value().password());
    Map<String, String> tag = RdsTags.masterSecret(uid.get());
    gateway.retag(actual.arn(), tag, Set.of());
    RdsEvents.masterPasswordReset(context, resource, actual.identifier());
    Map<String, String> tags = new HashMap<>(actual.tags());
    tags.putAll(tag);
    return actual.withTags(tags);
  }
}
