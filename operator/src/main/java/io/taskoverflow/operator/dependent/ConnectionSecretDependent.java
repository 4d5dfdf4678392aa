package io.taskoverflow.operator.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.Checked;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.database.ExternalDatabase;
import io.taskoverflow.operator.database.InClusterDatabase;
import io.taskoverflow.operator.database.RdsCredentials;
import io.taskoverflow.operator.database.RdsDatabase;
import io.taskoverflow.operator.database.RdsOutcome;
import io.taskoverflow.operator.database.SecretValues;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Secret {@code <name>-db} with everything needed to connect to the database (host, port,
 * dbname, username, password, uri, jdbc-url), whatever the mode. The todo service reads its URI;
 * the in-cluster PostgreSQL takes its credentials from it. For RDS it is written after the instance
 * dependent, from what that found.
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.COMPONENT + "=" + ConnectionSecretDependent.COMPONENT))
public class ConnectionSecretDependent
    extends CRUDKubernetesDependentResource<Secret, TaskOverflow> {

  public static final String NAME = "connection";
  static final String COMPONENT = "database-connection";

  public ConnectionSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(TaskOverflow resource, Context<TaskOverflow> context) {
    Map<String, String> data =
        switch (resource.getSpec().database().mode()) {
          case InCluster ->
              InClusterDatabase.connection(resource, currentPassword(resource, context))
                  .secretData();
          case External -> externalData(resource, context);
          case RDS -> rdsData(resource, context);
        };
    return OwnedSecrets.opaque(resource, Names.connectionSecret(resource), COMPONENT, data);
  }

  /** Identifies the Secret without computing the desired state (which reads the Secret). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.connectionSecret(resource), resource.getMetadata().getNamespace());
  }

  /** The password PostgreSQL was initialised with must never change. */
  private Optional<String> currentPassword(TaskOverflow resource, Context<TaskOverflow> context) {
    return OwnedSecrets.value(getSecondaryResource(resource, context), "password");
  }

  private static Map<String, String> externalData(
      TaskOverflow resource, Context<TaskOverflow> context) {
    Checked<DatabaseConnection> connection =
        ExternalDatabase.read(
            resource,
            context.getSecondaryResource(Secret.class, ExternalDatabase.SECRET_EVENT_SOURCE));
    // Without a usable URI the Secret stays empty and the app is not deployed.
    return connection.isPresent() ? connection.value().secretData() : Map.of();
  }

  /**
   * The instance's endpoint with the master credentials, once it has an endpoint. While it has none
   * (creating, or a moment without one later) the data stays as it is: emptying it would restart
   * the app for nothing.
   */
  private Map<String, String> rdsData(TaskOverflow resource, Context<TaskOverflow> context) {
    return RdsOutcome.from(context)
        .flatMap(RdsOutcome::instance)
        .flatMap(
            instance ->
                RdsDatabase.connection(resource, instance, RdsCredentials.read(resource, context)))
        .map(DatabaseConnection::secretData)
        .orElseGet(() -> currentData(resource, context));
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
