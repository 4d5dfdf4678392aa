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
 * The in-cluster PostgreSQL container, following the official image's contract: credentials from
 * the connection Secret, data under PGDATA, the password set again on each start, probes that ask
 * PostgreSQL itself.
 */
final class PostgresContainer {

  static final String DATA = "/var/lib/postgresql/data";

  /** Initialising a new database takes seconds; recovering a crashed one, up to this. */
  private static final int STARTUP_SECONDS = 600;

  /**
   * Sets the Secret's password on the database through the local socket, where the image trusts its
   * own user. It runs while the entrypoint may still be initialising or recovering, hence the
   * retries: the kubelet probes the container only once this hook ends, and a failed hook restarts
   * the container, so it waits as long as the startup probe allows. The password stays inside the
   * container (psql quotes it), and no output reaches the hook's event.
   */
  private static final String APPLY_PASSWORD =
      "deadline=$(($(date +%s) + "
          + STARTUP_SECONDS
          + ")); until echo \"ALTER ROLE CURRENT_USER PASSWORD :'password'\""
          + " | psql -q -v ON_ERROR_STOP=1 -v password=\"$POSTGRES_PASSWORD\""
          + " -h /var/run/postgresql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" >/dev/null 2>&1;"
          + " do if [ \"$(date +%s)\" -ge \"$deadline\" ]; then"
          + " echo 'could not set the password from the connection Secret'; exit 1; fi;"
          + " sleep 0.2; done";

  private PostgresContainer() {}

  static Container of(TaskOverflow resource, InClusterDatabaseSpec spec, String image) {
    String secret = Names.connectionSecret(resource);
    return new ContainerBuilder()
        .withName("postgres")
        .withImage(image)
        // A crash's last log lines reach the status (DatabaseReady) through the container's state.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withArgs(
            "postgres",
            "-c",
            "max_connections="
                + ConnectionBudget.of(resource, InClusterDatabase.PROVISIONER).maxConnections())
        .withEnv(
            fromSecret("POSTGRES_USER", secret, "username"),
            fromSecret("POSTGRES_PASSWORD", secret, "password"),
            fromSecret("POSTGRES_DB", secret, "dbname"),
            new EnvVarBuilder().withName("PGDATA").withValue(DATA + "/pgdata").build())
        .addNewPort()
        .withName("postgres")
        .withContainerPort(InClusterDatabase.PORT)
        .endPort()
        .withNewLifecycle()
        .withNewPostStart()
        .withNewExec()
        .withCommand("sh", "-c", APPLY_PASSWORD)
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
