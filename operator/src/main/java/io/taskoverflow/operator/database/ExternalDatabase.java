package io.taskoverflow.operator.database;

import io.fabric8.kubernetes.api.model.Secret;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.SecretKeyRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Mode External: the database URI comes from a Secret the user made. */
public final class ExternalDatabase {

  /** The name of the event source that watches users' Secrets. */
  public static final String SECRET_EVENT_SOURCE = "external-database-secret";

  private ExternalDatabase() {}

  /** The user's Secret as referenced by the resource, or why it cannot be used. */
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
    try {
      String uri = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      return Checked.of(PostgresUri.parse(uri));
    } catch (IllegalArgumentException e) {
      return Checked.problem(
          "InvalidDatabaseUri", "key " + key + " of Secret " + ref.name() + " " + e.getMessage());
    }
  }
}
