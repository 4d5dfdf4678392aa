package io.taskoverflow.operator.rds;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsStatuses;
import io.taskoverflow.operator.database.ConnectionSecretDependent;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.OwnedSecrets;
import io.taskoverflow.operator.support.Checked;
import io.taskoverflow.operator.support.Passwords;
import io.taskoverflow.operator.support.Sha256;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role the todo pods log in as on the resource's RDS instance ({@link
 * DatabaseConnection#APP_ROLE}), between the instance and the connection Secret: the operator logs
 * in as master (verify-full) and has {@link AppRoleSetup} make the role with the password the
 * connection Secret keeps, owner of the todo database. The Secret gets the role only once that
 * succeeded, so it never offers a password the instance does not know; until then it keeps what it
 * had (an existing deployment's master credentials, which do not change, so its pods keep working)
 * and the app waits.
 *
 * <p>It logs in only when needed: when the Secret has no password of the role yet (a new resource,
 * or one from before the role), when the instance was just created or adopted, and once after the
 * operator starts; otherwise it remembers what it set up (address, database and a hash of the
 * password) and the password stays as it is.
 */
public class RdsAppRoleDependent
    implements DependentResource<RdsAppRole, TaskOverflow>, Deleter<TaskOverflow> {

  public static final String NAME = "rds-app-role";

  private static final Logger LOG = LoggerFactory.getLogger(RdsAppRoleDependent.class);

  private final AppRoleSetup setup;
  private final String caPem;

  /** Per resource uid: what was set up last, as {@link #fingerprint}. */
  private final Map<String, String> setUp = new ConcurrentHashMap<>();

  /**
   * @param caPem the CA certificates the todo pods verify the instance's certificate against
   */
  public RdsAppRoleDependent(AppRoleSetup setup, String caPem) {
    this.setup = setup;
    this.caPem = caPem;
  }

  @Override
  public ReconcileResult<RdsAppRole> reconcile(
      TaskOverflow primary, Context<TaskOverflow> context) {
    Optional<Secret> connection =
        context.getSecondaryResource(Secret.class, ConnectionSecretDependent.NAME);
    RdsAppRole role =
        reconcile(
            primary,
            RdsObservation.from(context),
            RdsCredentials.read(primary, context),
            OwnedSecrets.value(connection, "username")
                .filter(DatabaseConnection.APP_ROLE::equals)
                .flatMap(user -> OwnedSecrets.value(connection, "password")));
    role.store(context);
    return ReconcileResult.noOperation(role);
  }

  /**
   * @param kept the role's password in the connection Secret, if it holds the role already
   */
  RdsAppRole reconcile(
      TaskOverflow resource,
      Optional<RdsObservation> seen,
      Checked<RdsCredentials> master,
      Optional<String> kept) {
    String uid = resource.getMetadata().getUid();
    if (seen.filter(o -> o instanceof RdsObservation.Observed observed && observed.created())
        .isPresent()) {
      setUp.remove(uid);
    }
    // Only an instance of this very resource: the master password goes to no one else's.
    Optional<RdsInstance> instance =
        seen.flatMap(RdsObservation::instance)
            .filter(found -> found.endpoint() != null && found.port() != null)
            .filter(found -> RdsOwnership.ownedBy(found, resource));
    if (instance.isEmpty()) {
      return new RdsAppRole.Missing(
          "AppRolePending", "the RDS instance has no endpoint yet to set up the app's role", false);
    }
    RdsInstance target = instance.get();
    String database = resource.getSpec().database().name();
    if (kept.isPresent() && fingerprint(target, database, kept.get()).equals(setUp.get(uid))) {
      return inPlace(target, database, kept.get());
    }
    if (!RdsStatuses.serves(target.status())) {
      return new RdsAppRole.Missing(
          "AppRolePending",
          "RDS instance "
              + target.identifier()
              + " is "
              + target.status()
              + "; role "
              + DatabaseConnection.APP_ROLE
              + " is set up once it is available",
          false);
    }
    if (!master.isPresent()) {
      return new RdsAppRole.Missing(master.reason(), master.message(), false);
    }
    String password = kept.orElseGet(Passwords::generate);
    Optional<RdsObservation.Blocked> refused =
        setup.apply(
            target,
            master(resource, master.value()),
            database,
            new RdsCredentials(DatabaseConnection.APP_ROLE, password));
    if (refused.isPresent()) {
      return RdsAppRole.Missing.of(refused.get());
    }
    setUp.put(uid, fingerprint(target, database, password));
    LOG.info(
        "role {} set up on RDS instance {} for {}/{}{}",
        DatabaseConnection.APP_ROLE,
        target.identifier(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        kept.isPresent() ? "" : " with a new password");
    return inPlace(target, database, password);
  }

  @Override
  public void delete(TaskOverflow primary, Context<TaskOverflow> context) {
    setUp.remove(primary.getMetadata().getUid());
  }

  @Override
  public Class<RdsAppRole> resourceType() {
    return RdsAppRole.class;
  }

  @Override
  public String name() {
    return NAME;
  }

  private RdsAppRole inPlace(RdsInstance instance, String database, String password) {
    return new RdsAppRole.InPlace(
        new DatabaseConnection(
                instance.endpoint(),
                instance.port(),
                database,
                DatabaseConnection.APP_ROLE,
                password,
                "")
            .verifiedBy(caPem));
  }

  /** The user's Secret of an adopted instance, else the one the operator generated. */
  private static AppRoleSetup.Master master(TaskOverflow resource, RdsCredentials credentials) {
    var ref = resource.getSpec().database().rds().masterSecretRef();
    return ref != null
        ? new AppRoleSetup.Master(
            credentials, "Secret " + ref.name() + " (database.rds.masterSecretRef)", true)
        : new AppRoleSetup.Master(credentials, "Secret " + Names.masterSecret(resource), false);
  }

  private static String fingerprint(RdsInstance instance, String database, String password) {
    return Sha256.hex(
        instance.endpoint() + ":" + instance.port() + "/" + database + "\n" + password);
  }
}
