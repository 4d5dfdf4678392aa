package io.taskoverflow.operator.postgres;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.ConnectionSecretDependent;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.OwnedSecrets;
import io.taskoverflow.operator.support.Passwords;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret {@code <name>-db-master} with the in-cluster PostgreSQL's superuser, which only the
 * PostgreSQL pod reads: the todo pods log in as the application role of the connection Secret.
 *
 * <p>A database made before this Secret existed has the app's user of that time as its superuser
 * (the image's {@code POSTGRES_USER}), which stays so: the Secret takes over that user and password
 * from the connection Secret, once, before the connection Secret moves to the application role. So
 * the todo pods still running with the old credentials keep working while they are replaced.
 */
public class PostgresMasterSecretDependent
    extends CRUDKubernetesDependentResource<Secret, TaskOverflow> {

  public static final String NAME = "postgres-master";
  static final String COMPONENT = "postgres-master";

  /** What its informer caches: only this component's objects that the operator made. */
  public static final String SELECTOR = Labels.OWNED + Labels.COMPONENT + "=" + COMPONENT;

  static final String USERNAME = "username";
  static final String PASSWORD = "password";

  /** The superuser of a new database. */
  static final String SUPERUSER = "postgres";

  public PostgresMasterSecretDependent() {
    super(Secret.class, NAME);
    configureWith(DependentConfig.owned(Secret.class, SELECTOR));
  }

  @Override
  protected Secret desired(TaskOverflow resource, Context<TaskOverflow> context) {
    Map<String, String> credentials =
        credentials(getSecondaryResource(resource, context))
            .or(
                () ->
                    credentials(connectionSecret(context))
                        .filter(PostgresMasterSecretDependent::madeBeforeTheAppRole))
            .orElseGet(() -> Map.of(USERNAME, SUPERUSER, PASSWORD, Passwords.generate()));
    return OwnedSecrets.opaque(resource, Names.masterSecret(resource), COMPONENT, credentials);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.masterSecret(resource), resource.getMetadata().getNamespace());
  }

  /** The connection Secret, read only while this one does not exist yet. */
  private static Optional<Secret> connectionSecret(Context<TaskOverflow> context) {
    return context.getSecondaryResource(Secret.class, ConnectionSecretDependent.NAME);
  }

  /** A connection Secret of the app's user from before it had a role of its own. */
  private static boolean madeBeforeTheAppRole(Map<String, String> credentials) {
    return !InClusterDatabase.APP_ROLE.equals(credentials.get(USERNAME));
  }

  private static Optional<Map<String, String>> credentials(Optional<Secret> secret) {
    Optional<String> username = OwnedSecrets.value(secret, USERNAME);
    Optional<String> password = OwnedSecrets.value(secret, PASSWORD);
    return username.isPresent() && password.isPresent()
        ? Optional.of(Map.of(USERNAME, username.get(), PASSWORD, password.get()))
        : Optional.empty();
  }
}
