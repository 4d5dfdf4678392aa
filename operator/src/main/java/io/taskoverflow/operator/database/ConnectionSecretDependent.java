package io.taskoverflow.operator.database;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.OwnedSecrets;
import io.taskoverflow.operator.kube.SecretValues;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Secret {@code <name>-db} with everything needed to connect to the database (host, port,
 * dbname, username, password, uri, jdbc-url), whatever the mode. The todo service reads its URI;
 * the in-cluster PostgreSQL takes its credentials from it. What it holds is the mode's
 * provisioner's to say; for RDS it is written after the instance dependent, from what that found.
 */
public class ConnectionSecretDependent
    extends CRUDKubernetesDependentResource<Secret, TaskOverflow> {

  public static final String NAME = "connection";
  static final String COMPONENT = "database-connection";

  /** What its informer caches: only this component's objects that the operator made. */
  public static final String SELECTOR = Labels.OWNED + Labels.COMPONENT + "=" + COMPONENT;

  private final Function<TaskOverflow, DatabaseProvisioner> provisioners;

  /**
   * @param provisioners the provisioner of a resource's mode, which says what the Secret holds
   */
  public ConnectionSecretDependent(Function<TaskOverflow, DatabaseProvisioner> provisioners) {
    super(Secret.class, NAME);
    this.provisioners = provisioners;
    configureWith(DependentConfig.owned(Secret.class, SELECTOR));
  }

  @Override
  protected Secret desired(TaskOverflow resource, Context<TaskOverflow> context) {
    Map<String, String> data =
        provisioners
            .apply(resource)
            .connectionData(resource, context, currentData(resource, context));
    return OwnedSecrets.opaque(resource, Names.connectionSecret(resource), COMPONENT, data);
  }

  /** Identifies the Secret without computing the desired state (which reads the Secret). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.connectionSecret(resource), resource.getMetadata().getNamespace());
  }

  private Map<String, String> currentData(TaskOverflow resource, Context<TaskOverflow> context) {
    Map<String, String> current = new TreeMap<>();
    getSecondaryResource(resource, context)
        .map(Secret::getData)
        .ifPresent(
            data -> data.forEach((key, value) -> current.put(key, SecretValues.decode(value))));
    return current;
  }
}
