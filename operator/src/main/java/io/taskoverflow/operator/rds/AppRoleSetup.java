package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.aws.RdsInstance;
import java.util.Optional;

/**
 * Makes, as an instance's master user, the role the todo pods log in as: a login with the given
 * password that owns the todo database and what its {@code public} schema holds, and may do nothing
 * else (no superuser, no CREATEROLE, no CREATEDB, a member of no role such as {@code
 * rds_superuser}). Running it again changes nothing but what drifted.
 */
public interface AppRoleSetup {

  /**
   * The master user of an instance.
   *
   * @param origin where its credentials come from, as the user knows it, for messages
   * @param usersOwn whether a user wrote them (an adopted instance); else the operator did
   */
  record Master(RdsCredentials credentials, String origin, boolean usersOwn) {}

  /**
   * Sets up role {@code app.username()} with password {@code app.password()} as owner of {@code
   * database}, which is created if it does not exist. Empty once done; else why not, in words that
   * never contain a password.
   */
  Optional<RdsObservation.Blocked> apply(
      RdsInstance instance, Master master, String database, RdsCredentials app);
}
