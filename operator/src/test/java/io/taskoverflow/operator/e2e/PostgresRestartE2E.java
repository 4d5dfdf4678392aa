package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL pod restarted while todos are written: the service accepts writes again within
 * MAX_RESTART_GAP (5) s of PostgreSQL accepting connections, every write answered 201 is stored,
 * every failed one was answered with a 5xx JSON error or is absent, and no todo is lost.
 */
@ExtendWith(KindCluster.class)
class PostgresRestartE2E {

  /** The restart gap the service may take after PostgreSQL is ready again. */
  static final int MAX_RESTART_GAP =
      Integer.parseInt(System.getenv().getOrDefault("MAX_RESTART_GAP", "5"));

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS][.SS][.S] z");

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  /** What the restart under load left. */
  record Restart(
      String namespace,
      String name,
      TodoService service,
      KeptTodos todos,
      WriteLoad load,
      Instant readyAt,
      List<WriteLoad.Write> writes) {}

  private static KubernetesClient client;
  private static final Once<Restart> RESTART = new Once<>(PostgresRestartE2E::restartUnderLoad);

  private static Restart restartUnderLoad() throws Exception {
    String namespace = namespaces.restricted(client, "e2e-pg-restart");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    TodoService service = TodoService.open(client, namespace, name);
    KeptTodos todos = KeptTodos.create(service);

    String postgres = name + "-postgres-0";
    WriteLoad load = new WriteLoad(service, todos.marker + "-w");
    Instant readyAt;
    List<WriteLoad.Write> writes;
    try {
      Thread.sleep(2000);
      Instant deletedAt = Instant.now();
      Pod old = client.pods().inNamespace(namespace).withName(postgres).get();
      client.resource(old).delete();
      Eventually.await(
          postgres + " is deleted",
          Duration.ofMinutes(2),
          () -> {
            Pod now = client.pods().inNamespace(namespace).withName(postgres).get();
            return now == null || !now.getMetadata().getUid().equals(old.getMetadata().getUid());
          });
      Workloads.awaitStatefulSetRollout(
          client, namespace, name + "-postgres", Duration.ofMinutes(5));
      readyAt = null;
      for (int attempt = 0; attempt < 60 && readyAt == null; attempt++) {
        readyAt =
            postgresReadyAt(client, namespace, postgres)
                .filter(at -> at.isAfter(deletedAt))
                .orElse(null);
        if (readyAt == null) {
          Thread.sleep(1000);
        }
      }
      assertThat(readyAt)
          .as("the new PostgreSQL pod never logged that it accepts connections")
          .isNotNull();
      Thread.sleep((MAX_RESTART_GAP + 5) * 1000L);
    } finally {
      writes = load.stop();
    }
    return new Restart(namespace, name, service, todos, load, readyAt, writes);
  }

  /** PostgreSQL's own record of when it last began accepting connections. */
  private static Optional<Instant> postgresReadyAt(
      KubernetesClient client, String namespace, String pod) {
    String line = null;
    try {
      for (String l : Workloads.log(client, namespace, pod).split("\n")) {
        if (l.contains("database system is ready to accept connections")) {
          line = l;
        }
      }
    } catch (RuntimeException e) {
      return Optional.empty(); // the container has not started yet
    }
    if (line == null) {
      return Optional.empty();
    }
    String[] fields = line.trim().split("\\s+");
    try {
      return Optional.of(
          ZonedDateTime.parse(fields[0] + " " + fields[1] + " " + fields[2], LOG_TIME).toInstant());
    } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
      throw new AssertionError("cannot read the time of PostgreSQL's log line: " + line, e);
    }
  }

  private static Restart restart(KubernetesClient kubernetes) {
    client = kubernetes;
    return RESTART.get();
  }

  @AfterAll
  static void closeService() {
    RESTART.ifDone().ifPresent(restart -> restart.service().close());
  }

  @Test
  void theServiceAcceptsWritesWithinTheGapOfPostgresAcceptingConnections(
      KubernetesClient kubernetes) {
    Restart restart = restart(kubernetes);
    Optional<WriteLoad.Write> back =
        restart.writes().stream()
            .filter(w -> w.answeredAt().isAfter(restart.readyAt()) && w.status() == 201)
            .findFirst();
    assertThat(back)
        .as(
            "the service did not accept a write within %d s of PostgreSQL being ready",
            MAX_RESTART_GAP + 5)
        .isPresent();
    double gap = Duration.between(restart.readyAt(), back.get().answeredAt()).toMillis() / 1000.0;
    KindCluster.note(
        "restart gap: %.1f s from PostgreSQL accepting connections to the first write answered 201",
        gap);
    assertThat(gap)
        .as("the service came back %.1f s after PostgreSQL, more than %d s", gap, MAX_RESTART_GAP)
        .isLessThanOrEqualTo(MAX_RESTART_GAP);
  }

  @Test
  void noAcknowledgedWriteIsLostAndNoWriteIsStoredSilently(KubernetesClient kubernetes) {
    Restart restart = restart(kubernetes);
    TodoService.Answer list = restart.service().get("/api/v1/todos");
    assertThat(list.status()).as("the list answers after the restart: %s", list).isEqualTo(200);
    WriteLoad.Accounting writes =
        WriteLoad.Accounting.of(restart.writes(), restart.load().stored(list.body()));
    KindCluster.note(
        "writes during the restart: %d answered 201 (%d of them missing), %d failed (%d answered"
            + " 5xx JSON; %d of the failed are stored, %d of those without a 5xx JSON answer)",
        writes.acknowledged(),
        writes.lost(),
        writes.failed(),
        writes.failedJson(),
        writes.failedPresent(),
        writes.silent());
    assertThat(writes.acknowledged()).as("writes answered 201").isPositive();
    assertThat(writes.lost())
        .as("%d of %d acknowledged writes are missing", writes.lost(), writes.acknowledged())
        .isZero();
    assertThat(writes.silent())
        .as(
            "%d writes were stored although their client was told neither 201 nor a 5xx JSON error",
            writes.silent())
        .isZero();
    assertThat(writes.badAnswer())
        .as(
            "%d failed writes were answered with something other than a 5xx JSON error",
            writes.badAnswer())
        .isZero();
  }

  @Test
  void noTodoIsLostAcrossThePostgresRestart(KubernetesClient kubernetes) {
    Restart restart = restart(kubernetes);
    Workloads.awaitReady(client, restart.namespace(), restart.name());
    restart.todos().assertNothingLost(restart.service(), "after the PostgreSQL restart");
  }
}
