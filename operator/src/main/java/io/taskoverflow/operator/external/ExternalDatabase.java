package io.taskoverflow.operator.external;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.SecretKeyRef;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.DatabaseReadiness;
import io.taskoverflow.operator.database.PostgresUri;
import io.taskoverflow.operator.database.UserSecretEventSource;
import io.taskoverflow.operator.support.Checked;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Mode External: the database URI comes from a Secret the user made. */
public final class ExternalDatabase implements DatabaseProvisioner {

  public static final ExternalDatabase PROVISIONER = new ExternalDatabase();

  /** Unknown; assumed as small as the smallest RDS class (db.t3.micro). */
  private static final int MAX_CONNECTIONS = 80;

  private ExternalDatabase() {}

  @Override
  public DatabaseReadiness readiness(TaskOverflow resource, Context<TaskOverflow> context) {
    Checked<DatabaseConnection> connection =
        read(resource, UserSecretEventSource.secretOf(context));
    if (!connection.isPresent()) {
      return DatabaseReadiness.actionRequired(
          connection.reason(), connection.message(), null, null, "invalid");
    }
    DatabaseConnection value = connection.value();
    String secret = resource.getSpec().database().external().secretRef().name();
    return DatabaseReadiness.ready(
        value.host(),
        value.port(),
        "using the database from Secret "
            + secret
            + (value.verified()
                ? ", its certificate verified against the Secret's " + DatabaseConnection.CA_KEY
                : "; the connection is not verified (the Secret has no "
                    + DatabaseConnection.CA_KEY
                    + " to check the server's certificate and name against)"));
  }

  /** Without a usable URI the Secret stays empty and the app is not deployed. */
  @Override
  public Map<String, String> connectionData(
      TaskOverflow resource, Context<TaskOverflow> context, Map<String, String> current) {
    Checked<DatabaseConnection> connection =
        read(resource, UserSecretEventSource.secretOf(context));
    return connection.isPresent() ? connection.value().secretData() : Map.of();
  }

  @Override
  public Optional<String> userSecret(TaskOverflow resource) {
    var external = resource.getSpec().database().external();
    return external == null ? Optional.empty() : Optional.of(external.secretRef().name());
  }

  @Override
  public int defaultMaxConnections() {
    return MAX_CONNECTIONS;
  }

  /**
   * The user's Secret as referenced by the resource, or why it cannot be used. With a {@code
   * ca.crt} beside the URI, the server's certificate and name are verified against it.
   */
  public static Checked<DatabaseConnection> read(TaskOverflow resource, Optional<Secret> secret) {
    SecretKeyRef ref = resource.getSpec().database().external().secretRef();
    String key = ref.key() == null ? "uri" : ref.key();
    if (secret.isEmpty()) {
      return Checked.problem(
          "SecretNotFound",
          "Secret "
              + ref.name()
              + " not found in namespace "
              + resource.getMetadata().getNamespace());
    }
    String encoded = secret.get().getData() == null ? null : secret.get().getData().get(key);
    if (encoded == null) {
      return Checked.problem("SecretKeyNotFound", "Secret " + ref.name() + " has no key " + key);
    }
    DatabaseConnection connection;
    try {
      connection = PostgresUri.parse(decode(encoded));
    } catch (IllegalArgumentException e) {
      return Checked.problem(
          "InvalidDatabaseUri", "key " + key + " of Secret " + ref.name() + " " + e.getMessage());
    }
    String ca = secret.get().getData().get(DatabaseConnection.CA_KEY);
    if (ca == null) {
      return Checked.of(connection);
    }
    String pem = decode(ca);
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      return Checked.problem(
          "InvalidCaCertificate",
          "key "
              + DatabaseConnection.CA_KEY
              + " of Secret "
              + ref.name()
              + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return Checked.of(connection.verifiedBy(pem));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
