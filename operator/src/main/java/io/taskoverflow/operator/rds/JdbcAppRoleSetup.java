package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.aws.RdsInstance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * {@link AppRoleSetup} over JDBC, logged in as master the way {@link JdbcMasterLogin} does
 * (verify-full). Every statement that names the role or the database is written by the server:
 * {@code format()} with {@code %I} (identifier) receives the names as bound parameters, and the
 * text it returns is run; nothing is pasted into SQL here. The password never travels as text:
 * pgjdbc's {@code alterUserPassword} sends only the SCRAM (or MD5) verifier it computes, so neither
 * a statement log nor an error message can hold it.
 *
 * <p>On RDS the master user is no superuser: it may create roles and databases, but gives an object
 * to a role only as a member that may SET ROLE to it, hence {@code GRANT todo_app TO CURRENT_USER};
 * and it may not touch the SUPERUSER, REPLICATION and BYPASSRLS attributes, which a role it created
 * cannot have. Those are checked at the end instead.
 */
public final class JdbcAppRoleSetup implements AppRoleSetup {

  private static final String ROLE_EXISTS =
      "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ?)";
  private static final String CREATE_ROLE = "SELECT format('CREATE ROLE %I', ?)";
  private static final String RESTRICT_ROLE =
      "SELECT format('ALTER ROLE %I WITH LOGIN NOCREATEDB NOCREATEROLE', ?)";

  /** Every role the application role is a member of, e.g. rds_superuser. */
  private static final String LEAVE_ROLES =
      """
      SELECT DISTINCT format('REVOKE %I FROM %I', g.rolname, r.rolname)
        FROM pg_auth_members m
        JOIN pg_roles g ON g.oid = m.roleid
        JOIN pg_roles r ON r.oid = m.member
       WHERE r.rolname = ?""";

  /**
   * Always granted, never checked first: from PostgreSQL 16 the master is a member of a role it
   * made already, but one that may not SET ROLE to it, which giving it an object needs; a GRANT of
   * its own gives it that (and is a notice, no error, where it has it).
   */
  private static final String JOIN_ROLE = "SELECT format('GRANT %I TO CURRENT_USER', ?)";

  private static final String DATABASE_OWNER =
      "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?";
  private static final String CREATE_DATABASE =
      "SELECT format('CREATE DATABASE %I OWNER %I', ?, ?)";
  private static final String GIVE_DATABASE =
      "SELECT format('ALTER DATABASE %I OWNER TO %I', ?, ?)";

  /** What the role may still do that it should not, as the attributes' keywords. */
  private static final String EXCESS =
      """
      SELECT concat_ws(', ',
               CASE WHEN rolsuper THEN 'SUPERUSER' END,
               CASE WHEN rolcreaterole THEN 'CREATEROLE' END,
               CASE WHEN rolcreatedb THEN 'CREATEDB' END,
               CASE WHEN rolreplication THEN 'REPLICATION' END,
               CASE WHEN rolbypassrls THEN 'BYPASSRLS' END,
               (SELECT 'member of ' || string_agg(g.rolname, ', ' ORDER BY g.rolname)
                  FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                 WHERE m.member = r.oid))
        FROM pg_roles r WHERE rolname = ?""";

  /**
   * The tables, views and sequences of the todo database's {@code public} schema that another role
   * owns (an existing deployment's, made by the master user) and the master may give away; a
   * sequence that belongs to a column goes with its table.
   */
  private static final String HAND_OVER =
      """
      SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, ?)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
         AND pg_get_userbyid(c.relowner) <> ?
         AND pg_has_role(c.relowner, 'USAGE')
         AND NOT EXISTS (SELECT FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype IN ('a', 'i') AND c.relkind = 'S')""";

  private final JdbcMasterLogin login;

  public JdbcAppRoleSetup(JdbcMasterLogin login) {
    this.login = login;
  }

  @Override
  public Optional<RdsObservation.Blocked> apply(
      RdsInstance instance, Master master, String database, RdsCredentials app) {
    String role = app.username();
    Optional<String> excess;
    try (Connection connection = connect(instance, master, "postgres")) {
      ensureRole(connection, app);
      ensureDatabase(connection, role, database);
      excess = Optional.of(text(connection, EXCESS, role)).filter(found -> !found.isEmpty());
    } catch (Refused refused) {
      return Optional.of(refused.blocked);
    } catch (SQLException e) {
      return Optional.of(failed(instance, master, "cannot set up role " + role, e));
    }
    if (excess.isPresent()) {
      return Optional.of(
          RdsObservation.needsUser(
              instance.identifier(),
              Optional.of(instance),
              "AppRoleNotRestricted",
              "role "
                  + role
                  + " on RDS instance "
                  + instance.identifier()
                  + " still has "
                  + excess.get()
                  + ", which its master user cannot take away; ask a superuser of the instance to"
                  + " remove it"));
    }
    try (Connection connection = connect(instance, master, database)) {
      for (String statement : texts(connection, HAND_OVER, role, role)) {
        execute(connection, statement);
      }
      return Optional.empty();
    } catch (Refused refused) {
      return Optional.of(refused.blocked);
    } catch (SQLException e) {
      return Optional.of(
          failed(
              instance,
              master,
              "cannot hand the objects of database " + database + " over to role " + role,
              e));
    }
  }

  /** Creates the role if need be, takes away what it may not do, and sets its password. */
  private static void ensureRole(Connection connection, RdsCredentials app) throws SQLException {
    String role = app.username();
    if (!flag(connection, ROLE_EXISTS, role)) {
      execute(connection, text(connection, CREATE_ROLE, role));
    }
    execute(connection, text(connection, RESTRICT_ROLE, role));
    for (String statement : texts(connection, LEAVE_ROLES, role)) {
      execute(connection, statement);
    }
    connection
        .unwrap(PGConnection.class)
        .alterUserPassword(role, app.password().toCharArray(), null);
  }

  /** The master joins the role (to give it objects), then the database is made the role's. */
  private static void ensureDatabase(Connection connection, String role, String database)
      throws SQLException {
    execute(connection, text(connection, JOIN_ROLE, role));
    List<String> owner = texts(connection, DATABASE_OWNER, database);
    if (owner.isEmpty()) {
      execute(connection, text(connection, CREATE_DATABASE, database, role));
    } else if (!owner.get(0).equals(role)) {
      execute(connection, text(connection, GIVE_DATABASE, database, role));
    }
  }

  private Connection connect(RdsInstance instance, Master master, String database) throws Refused {
    try {
      return login.connect(instance, master.credentials(), database);
    } catch (SQLException e) {
      throw new Refused(
          JdbcMasterLogin.refusal(
              instance,
              e,
              "to set up the role the app logs in as",
              "the username and password of " + master.origin(),
              master.usersOwn()));
    }
  }

  /**
   * A statement failed once logged in: the master user lacks a right, or something in the instance
   * is in the way. The server's message names the object, never a password (none is in the SQL).
   */
  private static RdsObservation.Blocked failed(
      RdsInstance instance, Master master, String what, SQLException e) {
    return RdsObservation.needsUser(
        instance.identifier(),
        Optional.of(instance),
        "AppRoleNotSetUp",
        what
            + " on RDS instance "
            + instance.identifier()
            + " as its master user "
            + master.credentials().username()
            + ": "
            + e.getMessage()
            + " (SQLSTATE "
            + e.getSQLState()
            + ")");
  }

  private static boolean flag(Connection connection, String query, String value)
      throws SQLException {
    try (PreparedStatement statement = bound(connection, query, value);
        ResultSet result = statement.executeQuery()) {
      return result.next() && result.getBoolean(1);
    }
  }

  private static String text(Connection connection, String query, String... values)
      throws SQLException {
    List<String> rows = texts(connection, query, values);
    return rows.isEmpty() || rows.get(0) == null ? "" : rows.get(0);
  }

  /** The first column of every row of {@code query} with {@code values} bound in order. */
  private static List<String> texts(Connection connection, String query, String... values)
      throws SQLException {
    try (PreparedStatement statement = bound(connection, query, values);
        ResultSet result = statement.executeQuery()) {
      List<String> rows = new ArrayList<>();
      while (result.next()) {
        rows.add(result.getString(1));
      }
      return rows;
    }
  }

  private static PreparedStatement bound(Connection connection, String query, String... values)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(query);
    for (int i = 0; i < values.length; i++) {
      statement.setString(i + 1, values[i]);
    }
    return statement;
  }

  /** Runs a statement the server wrote with {@code format()}. */
  private static void execute(Connection connection, String statement) throws SQLException {
    try (Statement run = connection.createStatement()) {
      run.execute(statement);
    }
  }

  /** A login that did not succeed, carried out of the try-with-resources that opens it. */
  private static final class Refused extends SQLException {
    private final transient RdsObservation.Blocked blocked;

    Refused(RdsObservation.Blocked blocked) {
      super(blocked.reason());
      this.blocked = blocked;
    }
  }
}
