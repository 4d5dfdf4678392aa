package io.taskoverflow.operator.postgres;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.ExecActionBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.InClusterDatabaseSpec;
import io.taskoverflow.operator.database.ConnectionBudget;
import io.taskoverflow.operator.kube.Hardening;
import io.taskoverflow.operator.kube.Names;

/**
 * The in-cluster PostgreSQL container, following the official image's contract: the superuser from
 * the master Secret, data under PGDATA, probes that ask PostgreSQL itself. On each start it sets
 * the Secrets' passwords and makes the application role the todo pods log in as. TCP connections
 * need TLS, with the certificate the operator issued for the Service's name.
 */
final class PostgresContainer {

  /** The container's name. */
  static final String NAME = "postgres";

  static final String DATA = "/var/lib/postgresql/data";

  /** The TLS Secret's files: certificate, key and the client authentication rules. */
  static final String TLS = "/etc/postgresql/tls";

  /** Initialising a new database takes seconds; recovering a crashed one, up to this. */
  private static final int STARTUP_SECONDS = 600;

  /**
   * Sets the superuser's password, and makes the application role: a login that owns the todo
   * database and what is in it (a database made before this role existed hands its objects over),
   * and may do nothing else. psql reads the values from the environment (printenv is given only the
   * variables' names, and psql of any major since 10 does it), so no password reaches a command
   * line.
   */
  private static final String ROLES_SQL =
      """
      \\set password `printenv POSTGRES_PASSWORD`
      \\set app_user `printenv APP_USER`
      \\set app_password `printenv APP_PASSWORD`
      \\set dbname `printenv POSTGRES_DB`
      ALTER ROLE CURRENT_USER PASSWORD :'password';
      SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') AS missing \\gset
      \\if :missing
      CREATE ROLE :"app_user";
      \\endif
      ALTER ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
        NOBYPASSRLS PASSWORD :'app_password';
      ALTER DATABASE :"dbname" OWNER TO :"app_user";
      SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, :'app_user')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
         AND pg_get_userbyid(c.relowner) <> :'app_user'
         AND NOT EXISTS (SELECT FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype IN ('a', 'i') AND c.relkind = 'S') \\gexec
      """;

  /**
   * Makes the master Secret's superuser where the database has none of that name: a database made
   * before the app had a role of its own has the app's user of that time ({@code todo}) as its
   * first superuser, which a lost master Secret or a kept volume found again by a new resource
   * would no longer name. Whoever of the app's role and that user exists asks for the first
   * superuser's name, and that one makes the missing superuser.
   */
  private static final String ENSURE_SUPERUSER =
      "superuser() { psql -X -q -h /var/run/postgresql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\""
          + " -c 'SELECT 1' >/dev/null 2>&1 && return 0;"
          + " for user in \"$APP_USER\" todo; do"
          + " first=$(psql -X -At -h /var/run/postgresql -U \"$user\" -d \"$POSTGRES_DB\""
          + " -c 'SELECT rolname FROM pg_roles WHERE oid = 10' 2>/dev/null) && [ -n \"$first\" ]"
          + " && break; first=; done;"
          + " [ -n \"$first\" ] && printf '%s\\n' '\\set su `printenv POSTGRES_USER`'"
          + " 'CREATE ROLE :\"su\" SUPERUSER LOGIN;' | psql -X -q -v ON_ERROR_STOP=1"
          + " -h /var/run/postgresql -U \"$first\" -d \"$POSTGRES_DB\" >/dev/null 2>&1; }; ";

  /**
   * Runs {@link #ROLES_SQL} through the local socket, where the image trusts its own users, once
   * the superuser is there ({@link #ENSURE_SUPERUSER}). It runs while the entrypoint may still be
   * initialising or recovering, hence the retries: the kubelet probes the container only once this
   * hook ends, and a failed hook restarts the container, so it waits as long as the startup probe
   * allows. No output reaches the hook's event.
   */
  private static final String APPLY_ROLES =
      ENSURE_SUPERUSER
          + "deadline=$(($(date +%s) + "
          + STARTUP_SECONDS
          + ")); until superuser && psql -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql"
          + " -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" >/dev/null 2>&1 <<'SQL'\n"
          + ROLES_SQL
          + "SQL\n"
          + " do if [ \"$(date +%s)\" -ge \"$deadline\" ]; then"
          + " echo 'could not set the roles from the Secrets'; exit 1; fi;"
          + " sleep 0.2; done";

  private PostgresContainer() {}

  static Container of(TaskOverflow resource, InClusterDatabaseSpec spec, String image) {
    String secret = Names.connectionSecret(resource);
    String master = Names.masterSecret(resource);
    return new ContainerBuilder()
        .withName(NAME)
        .withImage(image)
        // A crash's last log lines reach the status (DatabaseReady) through the container's state.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withArgs(
            "postgres",
            "-c",
            "max_connections="
                + ConnectionBudget.of(resource, InClusterDatabase.PROVISIONER).maxConnections(),
            "-c",
            "ssl=on",
            "-c",
            "ssl_cert_file=" + TLS + "/" + PostgresTlsSecretDependent.CERTIFICATE,
            "-c",
            "ssl_key_file=" + TLS + "/" + PostgresTlsSecretDependent.KEY,
            "-c",
            "hba_file=" + TLS + "/" + PostgresTlsSecretDependent.HBA)
        .withEnv(
            fromSecret("POSTGRES_USER", master, PostgresMasterSecretDependent.USERNAME),
            fromSecret("POSTGRES_PASSWORD", master, PostgresMasterSecretDependent.PASSWORD),
            fromSecret("POSTGRES_DB", secret, "dbname"),
            fromSecret("APP_USER", secret, "username"),
            fromSecret("APP_PASSWORD", secret, "password"),
            new EnvVarBuilder().withName("PGDATA").withValue(DATA + "/pgdata").build())
        .addNewPort()
        .withName("postgres")
        .withContainerPort(InClusterDatabase.PORT)
        .endPort()
        .withNewLifecycle()
        .withNewPostStart()
        .withNewExec()
        .withCommand("sh", "-c", APPLY_ROLES)
        .endExec()
        .endPostStart()
        .endLifecycle()
        // Asked every second while it starts, so it is seen ready within one of accepting
        // connections (the readiness probe runs as soon as it passes). Crash recovery of a large
        // database may take minutes: liveness waits for the start, up to STARTUP_SECONDS.
        .withNewStartupProbe()
        .withExec(isReady())
        .withPeriodSeconds(1)
        .withFailureThreshold(STARTUP_SECONDS)
        .endStartupProbe()
        .withNewReadinessProbe()
        .withExec(isReady())
        .withPeriodSeconds(5)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewTcpSocket()
        .withNewPort("postgres")
        .endTcpSocket()
        .withPeriodSeconds(10)
        .endLivenessProbe()
        .withResources(Hardening.resourcesOrDefault(spec.resources()))
        .withSecurityContext(Hardening.container())
        .addNewVolumeMount()
        .withName("data")
        .withMountPath(DATA)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("run")
        .withMountPath("/var/run/postgresql")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tls")
        .withMountPath(TLS)
        .withReadOnly(true)
        .endVolumeMount()
        .build();
  }

  /** Answers once the server accepts connections over TCP, as the app dials it. */
  private static ExecAction isReady() {
    return new ExecActionBuilder()
        .withCommand(
            "sh", "-c", "pg_isready -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"")
        .build();
  }

  private static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
