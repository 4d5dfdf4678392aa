package io.taskoverflow.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskoverflow.testing.PostgresServer;
import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.ApiClient.Response;
import io.taskoverflow.todo.testsupport.AppOnDatabase;
import io.taskoverflow.todo.testsupport.Toxiproxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A database that stops answering, resets connections or slows down, injected by a real Toxiproxy
 * between the service and PostgreSQL: an error within seconds, and recovery seconds after it
 * answers again, with no acknowledged write lost.
 */
@Timeout(60) // without its timeouts, the service would hold a stalled request for minutes
class DatabaseStallIT {

  private static final String PROXY = "postgres";

  private static PostgresServer postgres;
  private static Toxiproxy toxiproxy;
  private static AppOnDatabase app;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    postgres.createDatabase("stall", "secret");
    toxiproxy = Toxiproxy.start();
    int port = toxiproxy.proxy(PROXY, postgres.host(), postgres.port());
    app = AppOnDatabase.start("postgresql://stall:secret@127.0.0.1:" + port + "/stall");
    api = app.api();
  }

  @AfterEach
  void heal() throws Exception {
    toxiproxy.heal(PROXY);
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    toxiproxy.close();
    postgres.close();
  }

  @Test
  void blackholed_database_is_503_within_seconds_and_recovers_seconds_after() throws Exception {
    long id =
        api.post("api/v1/todos", "{\"title\":\"before the stall\"}").json().path("id").asLong();
    warmPool();

    toxiproxy.blackhole(PROXY);

    Timed<Response> read = timed(() -> api.get("api/v1/todos/" + id));
    assertThat(read.value().status()).as(read.value().body()).isEqualTo(503);
    assertThat(read.value().json().path("error").asText()).isEqualTo("database unavailable");
    assertThat(read.took()).isLessThan(Duration.ofSeconds(7));
    Timed<Response> ready = timed(() -> api.get("api/v1/ready"));
    assertThat(ready.value().status()).isEqualTo(503);
    assertThat(ready.took())
        .as("within the readiness probe's 5 s")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(timed(() -> api.get("api/v1/health")).took()).isLessThan(Duration.ofSeconds(1));

    Response back = healAndAwaitServed(id);
    assertThat(back.json().path("title").asText()).isEqualTo("before the stall");
  }

  /**
   * The kubelet's liveness probe of a todo pod allows 1 s and restarts the pod after three misses
   * in a row; a restarted pod waits for the database before it serves, so a stall outlived by
   * restarts would cost minutes. Clients that keep asking during the stall must not keep every
   * request thread waiting on the database.
   */
  @Test
  void health_answers_within_a_second_while_32_clients_ask_a_stalled_database() throws Exception {
    long id = api.post("api/v1/todos", "{\"title\":\"under load\"}").json().path("id").asLong();
    warmPool();
    ApiClient clientsApi = new ApiClient(api.base());
    AtomicBoolean asking = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(32);
    for (int i = 0; i < 32; i++) {
      clients.submit(
          () -> {
            while (asking.get()) {
              clientsApi.get("api/v1/todos/" + id);
            }
            return null;
          });
    }
    try {
      toxiproxy.blackhole(PROXY);
      // The first requests wait out the pool's 3 s and the driver's 5 s socket timeout.
      Thread.sleep(Duration.ofSeconds(6).toMillis());

      List<Integer> probes = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        probes.add(api.get("api/v1/health", Duration.ofSeconds(1)).map(Response::status).orElse(0));
        Thread.sleep(1_000);
      }
      assertThat(probes).as("/health during the stall (0: no answer within 1 s)").containsOnly(200);

      healAndAwaitServed(id);
    } finally {
      asking.set(false);
      toxiproxy.heal(PROXY); // so that no client waits on the database any longer
      clients.shutdown();
      clients.awaitTermination(15, TimeUnit.SECONDS);
    }
  }

  @Test
  void reset_connections_are_503_at_once_and_recover() throws Exception {
    warmPool();

    toxiproxy.resetPeer(PROXY);

    Timed<Response> write = timed(() -> api.post("api/v1/todos", "{\"title\":\"during reset\"}"));
    assertThat(write.value().status()).isEqualTo(503);
    assertThat(write.value().json().path("error").asText()).isEqualTo("database unavailable");
    assertThat(write.took()).isLessThan(Duration.ofSeconds(5));

    toxiproxy.heal(PROXY);

    Response written =
        ApiClient.awaitStatus(
            201,
            Duration.ofSeconds(30),
            () -> api.post("api/v1/todos", "{\"title\":\"after reset\"}"));
    assertThat(written.status()).isEqualTo(201);
    assertThat(api.get("api/v1/todos").json().findValuesAsText("title")).contains("after reset");
  }

  @Test
  void slow_database_still_answers() throws Exception {
    warmPool();

    toxiproxy.latency(PROXY, 300);

    Timed<Response> slow = timed(() -> api.post("api/v1/todos", "{\"title\":\"slow\"}"));
    assertThat(slow.value().status()).isEqualTo(201);
    assertThat(slow.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(api.get("api/v1/ready").status()).isEqualTo(200);
  }

  @Test
  void a_statement_that_runs_too_long_is_cancelled_by_the_server() throws Exception {
    Instant started = Instant.now();
    try (Connection connection = app.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(30)"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> assertThat(e.getSQLState()).as("query_canceled").isEqualTo("57014"));
    }
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(6));
  }

  /** Heals the database's link; todo {@code id} is served again within 7 s of it. */
  private static Response healAndAwaitServed(long id) throws Exception {
    toxiproxy.heal(PROXY);
    Timed<Response> back =
        timed(
            () ->
                ApiClient.awaitStatus(
                    200, Duration.ofSeconds(30), () -> api.get("api/v1/todos/" + id)));
    assertThat(back.value().status()).isEqualTo(200);
    assertThat(back.took())
        .as("recovery after the database answers again")
        .isLessThan(Duration.ofSeconds(7));
    return back.value();
  }

  /** Every pooled connection used once, so the faults hit connections the pool already holds. */
  private static void warmPool() {
    for (int i = 0; i < 8; i++) {
      assertThat(api.get("api/v1/todos").status()).isEqualTo(200);
    }
  }

  private record Timed<T>(T value, Duration took) {}

  private static <T> Timed<T> timed(Supplier<T> call) {
    Instant started = Instant.now();
    T value = call.get();
    return new Timed<>(value, Duration.between(started, Instant.now()));
  }
}
