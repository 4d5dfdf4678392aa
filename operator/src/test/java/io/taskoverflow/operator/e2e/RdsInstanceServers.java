package io.taskoverflow.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.tls.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The PostgreSQL servers that stand behind the instances of the emulated RDS: one per instance, in
 * the namespace {@value #NAMESPACE}, as a Service named after the instance, which the cluster's DNS
 * answers for the instance's endpoint name ({@link RdsEndpointNames}). Each is TLS only, its
 * certificate issued for the endpoint name by the test's RDS CA, which the operator is given as its
 * RDS CA bundle; its master user, password and database are those the instance was created with.
 */
final class RdsInstanceServers {

  static final String NAMESPACE = "rds-emulator";

  private final KubernetesClient client;
  private final CertificateAuthority ca;
  private final String region;
  private final Map<String, TeamPostgres> servers = new ConcurrentHashMap<>();
  private final Map<String, String> masterUsers = new ConcurrentHashMap<>();

  RdsInstanceServers(KubernetesClient client, CertificateAuthority ca, String region) {
    this.client = client;
    this.ca = ca;
    this.region = region;
    // The namespace of an earlier run on a kept cluster may still be on its way out.
    Eventually.await(
        "namespace " + NAMESPACE + " of an earlier run is gone",
        Duration.ofMinutes(2),
        () -> {
          var earlier = client.namespaces().withName(NAMESPACE).get();
          return earlier == null || earlier.getMetadata().getDeletionTimestamp() == null;
        });
    if (client.namespaces().withName(NAMESPACE).get() == null) {
      client
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(NAMESPACE)
                  .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                  .endMetadata()
                  .build())
          .create();
    }
  }

  /** The endpoint address moto gives the instance (moto's own pattern). */
  String endpoint(String instanceId) {
    return instanceId + ".aaaaaaaaaa." + region + ".rds.amazonaws.com";
  }

  /** Starts the server of a new instance (not waiting for it: RDS takes its time too). */
  void start(String instanceId, String masterUser, String password, String database) {
    servers.put(
        instanceId,
        TeamPostgres.create(
            client,
            NAMESPACE,
            instanceId,
            ca,
            List.of(endpoint(instanceId)),
            masterUser,
            database,
            password));
    masterUsers.put(instanceId, masterUser);
  }

  /**
   * Waits until the instance's server accepts connections, at most {@code within}; whether it does.
   */
  boolean awaitAcceptingConnections(String instanceId, Duration within) {
    try {
      Workloads.awaitRollout(client, NAMESPACE, instanceId, within);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Sets a new master password, as ModifyDBInstance with MasterUserPassword does. */
  void setMasterPassword(String instanceId, String password) {
    String user = masterUsers.get(instanceId);
    if (user == null) {
      throw new IllegalStateException("no server for instance " + instanceId);
    }
    // format() quotes both; the password goes on standard input, never into a command line.
    psql(
        instanceId,
        "postgres",
        "DO $$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', "
            + quote(user)
            + ", "
            + quote(password)
            + "); END $$");
  }

  /** From now on the instance's server presents a certificate of {@code other} for its name. */
  void presentCertificateOf(String instanceId, CertificateAuthority other) {
    servers.get(instanceId).presentCertificate(client, other, List.of(endpoint(instanceId)));
  }

  /**
   * Runs one line of SQL as the master user in {@code database} of the instance's server, over its
   * local socket; returns what psql printed (unaligned, tuples only).
   */
  String psql(String instanceId, String database, String sql) {
    if (sql.contains("\n")) {
      throw new IllegalArgumentException("one line of SQL, which the shell reads: " + sql);
    }
    // The statement is read from standard input (one line: the exec ends no input stream).
    return exec(
        instanceId,
        sql,
        "sh",
        "-c",
        "IFS= read -r sql && exec psql -h /var/run/postgresql -U \"$0\" -d \"$1\""
            + " -v ON_ERROR_STOP=1 -At -c \"$sql\"",
        masterUsers.get(instanceId),
        database);
  }

  /** Runs {@code command} in the instance's server pod with {@code input}; its standard output. */
  private String exec(String instanceId, String input, String... command) {
    Workloads.awaitRollout(client, NAMESPACE, instanceId, Duration.ofMinutes(3));
    Pod pod =
        client.pods().inNamespace(NAMESPACE).withLabel("app", instanceId).list().getItems().stream()
            .filter(TodoService::ready)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ready server of instance " + instanceId));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch =
        client
            .pods()
            .inNamespace(NAMESPACE)
            .withName(pod.getMetadata().getName())
            .readingInput(new ByteArrayInputStream((input + "\n").getBytes(UTF_8)))
            .writingOutput(out)
            .writingError(err)
            .exec(command)) {
      int code = watch.exitCode().get(60, TimeUnit.SECONDS);
      if (code != 0) {
        throw new AssertionError(command[0] + " on " + instanceId + " exited " + code + ": " + err);
      }
      return out.toString(UTF_8).strip();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError(command[0] + " on " + instanceId + " did not finish: " + err, e);
    }
  }

  /**
   * Whether {@code user} with {@code password} logs in to the instance's server over TCP and TLS,
   * as a client does (the password on standard input).
   */
  boolean logsIn(String instanceId, String user, String password) {
    try {
      return exec(
              instanceId,
              password,
              "sh",
              "-c",
              "read -r PGPASSWORD && export PGPASSWORD && psql -At -c 'SELECT 1'"
                  + " \"host=127.0.0.1 sslmode=require dbname=postgres user=$0\" 2>&1 || true",
              user)
          .equals("1");
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Deletes every server (their namespace), not waiting for the end. */
  void deleteAll() {
    client.namespaces().withName(NAMESPACE).delete();
  }

  /** A SQL string literal. */
  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
