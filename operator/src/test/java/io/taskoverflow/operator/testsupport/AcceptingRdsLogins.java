package io.taskoverflow.operator.testsupport;

import io.taskoverflow.operator.rds.AppRoleSetup;
import io.taskoverflow.operator.rds.MasterLogin;
import java.util.Optional;

/**
 * The master logins of an operator whose RDS instances are not servers (moto's, a script's): every
 * login succeeds and every app role is set up, without a database. Tests of the logins themselves
 * point them at a real PostgreSQL instead ({@link RdsPostgres}).
 */
public final class AcceptingRdsLogins {

  private AcceptingRdsLogins() {}

  public static MasterLogin login() {
    return (instance, credentials) -> Optional.empty();
  }

  public static AppRoleSetup roles() {
    return (instance, master, database, app) -> Optional.empty();
  }
}
