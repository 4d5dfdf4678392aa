package io.taskoverflow.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.testing.PostgresServer;
import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.ApiClient.Response;
import io.taskoverflow.todo.testsupport.AppOnDatabase;
import io.taskoverflow.todo.testsupport.Scrape;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database that goes away answers 503 quickly, and shows as not ready in the metrics too; the
 * service recovers without a restart.
 */
class DatabaseOutageIT {

  private static PostgresServer postgres;
  private static AppOnDatabase app;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    postgres.createDatabase("outage", "secret");
    app =
        AppOnDatabase.start(
            "postgresql://outage:secret@" + postgres.host() + ":" + postgres.port() + "/outage");
    api = app.api();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    postgres.close();
  }

  @Test
  void stopped_database_gives_503_then_recovers_with_data_intact() {
    assertThat(api.post("api/v1/todos", "{\"title\":\"survives\"}").status()).isEqualTo(201);

    postgres.stopServer();

    Instant asked = Instant.now();
    Response during = api.get("api/v1/todos");
    assertThat(during.status()).isEqualTo(503);
    assertThat(during.json().path("error").asText()).isEqualTo("database unavailable");
    assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(10));
    assertThat(api.post("api/v1/todos", "{\"title\":\"x\"}").status()).isEqualTo(503);
    assertThat(api.get("api/v1/ready").status()).isEqualTo(503);
    assertThat(api.get("api/v1/health").status()).isEqualTo(200);
    Scrape down = scrape();
    assertThat(down.value("taskoverflow_todo_ready", Map.of())).hasValue(0);
    assertThat(
            down.value(
                "http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "/api/v1/todos", "status", "503")))
        .hasValue(1);

    postgres.startServer();

    Response after =
        ApiClient.awaitStatus(200, Duration.ofSeconds(30), () -> api.get("api/v1/todos"));
    assertThat(after.json().findValuesAsText("title")).containsExactly("survives");
    assertThat(api.get("api/v1/ready").status()).isEqualTo(200);
    assertThat(scrape().value("taskoverflow_todo_ready", Map.of())).hasValue(1);
  }

  private static Scrape scrape() {
    return Scrape.parse(app.metrics().get("metrics").body());
  }
}
