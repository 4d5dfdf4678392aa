package io.taskoverflow.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.testing.PostgresServer;
import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.Scrape;
import io.taskoverflow.todo.testsupport.TodoAppExtension;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar, started as a deployment starts it: environment only. */
class JarIT {

  private static final Path JAR = Path.of("target", "todo-app.jar");

  @Test
  void jar_serves_the_api_with_a_percent_encoded_password_and_never_logs_it() throws Exception {
    int port = freePort();
    int metricsPort = freePort();
    Path log = Files.createTempFile("todo-app", ".log");
    Process process =
        start(
            Map.of(
                "SQLALCHEMY_DATABASE_URI",
                TodoAppExtension.databaseUri(),
                "PORT",
                "" + port,
                "METRICS_PORT",
                "" + metricsPort),
            log);
    try {
      ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port + "/"));
      awaitHealthy(api, process);
      assertThat(api.post("api/v1/todos", "{\"title\":\"from the jar\"}").status()).isEqualTo(201);
      assertThat(api.get("api/v1/ready").status()).isEqualTo(200);
      Scrape metrics =
          Scrape.parse(
              new ApiClient(URI.create("http://127.0.0.1:" + metricsPort + "/"))
                  .get("metrics")
                  .body());
      assertThat(metrics.value("taskoverflow_todo_ready", Map.of())).hasValue(1);
      assertThat(
              metrics.value(
                  "http_server_requests_seconds_count",
                  Map.of("method", "POST", "route", "/api/v1/todos", "status", "201")))
          .hasValue(1);
      assertThat(metrics.named("hikaricp_connections_active")).hasSize(1);
    } finally {
      process.destroy(); // SIGTERM
    }
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    String output = Files.readString(log);
    assertThat(output).contains("shutting down");
    assertThat(output)
        .doesNotContain(TodoAppExtension.DB_PASSWORD)
        .doesNotContain(TodoAppExtension.ENCODED_PASSWORD);
  }

  /**
   * As in its pod, where it starts together with its PostgreSQL: it waits, does not listen until
   * the database answers and the schema is migrated, then serves.
   */
  @Test
  void jar_started_before_its_database_serves_once_the_database_comes_up() throws Exception {
    try (PostgresServer postgres = PostgresServer.start()) {
      postgres.createDatabase("late", "late-password");
      postgres.stopServer();
      int port = freePort();
      Path log = Files.createTempFile("todo-app", ".log");
      Process process =
          start(
              Map.of(
                  "SQLALCHEMY_DATABASE_URI",
                  "postgresql://late:late-password@127.0.0.1:" + postgres.port() + "/late",
                  "PORT",
                  "" + port),
              log);
      try {
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port + "/"));
        Thread.sleep(3000);
        assertThat(process.isAlive()).as("waits for the database").isTrue();
        assertThat(answers(api)).as("does not listen before its database answers").isFalse();

        postgres.startServer();
        awaitHealthy(api, process);
        assertThat(api.get("api/v1/todos").status()).isEqualTo(200);
        assertThat(api.get("api/v1/ready").status()).isEqualTo(200);
      } finally {
        process.destroy();
        process.waitFor(20, TimeUnit.SECONDS);
      }
      assertThat(Files.readString(log)).contains("waiting for the database");
    }
  }

  @Test
  void jar_without_a_database_setting_exits_naming_it() throws Exception {
    Path log = Files.createTempFile("todo-app", ".log");
    Process process = start(Map.of(), log);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("SQLALCHEMY_DATABASE_URI");
  }

  @Test
  void jar_gives_up_after_the_bounded_wait_when_the_password_is_wrong() throws Exception {
    PostgresServer postgres = TodoAppExtension.postgres();
    String wrong =
        "postgresql://"
            + TodoAppExtension.DB_NAME
            + ":wrong@127.0.0.1:"
            + postgres.port()
            + "/"
            + TodoAppExtension.DB_NAME;
    Path log = Files.createTempFile("todo-app", ".log");
    Process process = start(Map.of("DATABASE_URL", wrong, "DB_WAIT_SECONDS", "2"), log);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(Files.readString(log))
        .contains("password authentication failed")
        .doesNotContain("wrong@");
  }

  /**
   * 200,000 todos are about 35 MB of JSON, and held whole they take several times that in objects:
   * a 48 MiB heap answers them only if the list is streamed.
   */
  @Test
  void jar_lists_200000_todos_within_a_48_mib_heap() throws Exception {
    PostgresServer postgres = TodoAppExtension.postgres();
    postgres.createDatabase("many", "secret");
    String uri = "postgresql://many:secret@127.0.0.1:" + postgres.port() + "/many";
    int port = freePort();
    Path log = Files.createTempFile("todo-app", ".log");
    Process process =
        start(Map.of("SQLALCHEMY_DATABASE_URI", uri, "PORT", "" + port), log, "-Xmx48m");
    try {
      ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port + "/"));
      awaitHealthy(api, process);
      try (Connection connection = postgres.superuser("many");
          Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO todos (title, description)"
                + " SELECT 'todo ' || n, repeat('d', 60) FROM generate_series(1, 200000) n");
      }
      var response = api.get("api/v1/todos");
      assertThat(response.status()).isEqualTo(200);
      var todos = response.json();
      assertThat(todos.size()).isEqualTo(200_000);
      assertThat(todos.get(0).path("title").asText()).as("newest first").isEqualTo("todo 200000");
      assertThat(process.isAlive()).isTrue();
    } finally {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
  }

  private static Process start(Map<String, String> env, Path log, String... jvmOptions)
      throws IOException {
    assertThat(JAR).as("packaged jar").exists();
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-jar", JAR.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("SQLALCHEMY_DATABASE_URI");
    builder.environment().remove("DATABASE_URL");
    // Never the default metrics port, which another process on the machine may hold.
    builder.environment().put("METRICS_PORT", Integer.toString(freePort()));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitHealthy(ApiClient api, Process process) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      if (healthStatus(api).orElse(0) == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the jar did not become healthy");
  }

  private static boolean answers(ApiClient api) {
    return healthStatus(api).isPresent();
  }

  /** The status of {@code /api/v1/health}; empty while nothing listens. */
  private static Optional<Integer> healthStatus(ApiClient api) {
    try {
      return Optional.of(api.get("api/v1/health").status());
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ConnectException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
