package io.taskoverflow.operator.rds;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.OwnedSecrets;
import io.taskoverflow.operator.support.Passwords;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret {@code <name>-db-master} with the master user of the RDS instance the operator
 * creates. The password is generated once, before the instance is requested, and never changes: it
 * lives here only (not in the spec, a log line or an event). Nothing to do for an adopted instance,
 * whose credentials are the user's: that is checked here rather than by a reconcile precondition,
 * since an unmet precondition would delete the instance and everything after it in the flow.
 */
public class RdsMasterSecretDependent
    extends CRUDKubernetesDependentResource<Secret, TaskOverflow> {

  public static final String NAME = RdsCredentials.MASTER_SECRET_EVENT_SOURCE;
  static final String COMPONENT = "database-master";

  /** What its informer caches: only this component's objects that the operator made. */
  public static final String SELECTOR = Labels.OWNED + Labels.COMPONENT + "=" + COMPONENT;

  /** The master user of created instances; the todo service connects as this user. */
  public static final String MASTER_USERNAME = "taskoverflow";

  public RdsMasterSecretDependent() {
    super(Secret.class, NAME);
    configureWith(DependentConfig.owned(Secret.class, SELECTOR));
  }

  @Override
  public ReconcileResult<Secret> reconcile(TaskOverflow primary, Context<TaskOverflow> context) {
    if (primary.getSpec().database().rds().masterSecretRef() != null) {
      return ReconcileResult.noOperation(null);
    }
    return super.reconcile(primary, context);
  }

  @Override
  protected Secret desired(TaskOverflow resource, Context<TaskOverflow> context) {
    String password = currentPassword(resource, context).orElseGet(Passwords::generate);
    return OwnedSecrets.opaque(
        resource,
        Names.masterSecret(resource),
        COMPONENT,
        Map.of(RdsCredentials.USERNAME, MASTER_USERNAME, RdsCredentials.PASSWORD, password));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.masterSecret(resource), resource.getMetadata().getNamespace());
  }

  private Optional<String> currentPassword(TaskOverflow resource, Context<TaskOverflow> context) {
    return OwnedSecrets.value(getSecondaryResource(resource, context), RdsCredentials.PASSWORD);
  }
}
