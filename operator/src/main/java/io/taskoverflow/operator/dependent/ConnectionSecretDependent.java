package io.taskoverflow.operator.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Secret {@code <name>-db} with everything needed to connect to the database (host, port,
 * dbname, username, password, uri, jdbc-url), whatever the mode. The todo service reads its URI;
 * the in-cluster PostgreSQL takes its credentials from it.
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
          // RDS provisioning is not part of this operator version; DatabaseReady says so.
          case RDS -> Map.of();
        };
    return new SecretBuilder()
        .withNewMetadata()
        .withName(Names.connectionSecret(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, COMPONENT))
        .endMetadata()
        .withType("Opaque")
        .withData(encode(data))
        .build();
  }

  /** Identifies the Secret without computing the desired state (which reads the Secret). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.connectionSecret(resource), resource.getMetadata().getNamespace());
  }

  /** The password PostgreSQL was initialised with must never change. */
  private Optional<String> currentPassword(TaskOverflow resource, Context<TaskOverflow> context) {
    return getSecondaryResource(resource, context)
        .map(Secret::getData)
        .map(data -> data.get("password"))
        .map(ConnectionSecretDependent::decode);
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

  /** Secret data as stored, so a server-side apply of unchanged data changes nothing. */
  private static Map<String, String> encode(Map<String, String> data) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach(
        (key, value) ->
            encoded.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return encoded;
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
