package io.taskoverflow.todo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.testing.PostgresServer;
import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.ApiClient.Response;
import io.taskoverflow.todo.testsupport.AppOnDatabase;
import io.taskoverflow.todo.testsupport.Scrape;
import io.taskoverflow.todo.testsupport.TodoAppExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics port of a service on a real PostgreSQL, scraped as Prometheus scrapes it, after
 * requests a client sends to the API's port; and that the API's port serves no metrics.
 */
class MetricsIT {

  private static final String REQUESTS = "http_server_requests_seconds_count";

  private static AppOnDatabase app;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    PostgresServer postgres = TodoAppExtension.postgres();
    postgres.createDatabase("metrics", "secret");
    app =
        AppOnDatabase.start(
            "postgresql://metrics:secret@" + postgres.host() + ":" + postgres.port() + "/metrics");
    api = app.api();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void requests_are_counted_by_method_route_template_and_status() {
    Scrape before = scrape();
    assertThat(api.get("api/v1/todos").status()).isEqualTo(200);
    Response created = api.post("api/v1/todos", "{\"title\":\"counted\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(api.get("api/v1/todos/" + created.json().path("id").asLong()).status())
        .isEqualTo(200);
    assertThat(api.get("api/v1/todos/987654").status()).isEqualTo(404);
    assertThat(api.get("api/v1/no/such/route").status()).isEqualTo(404);
    assertThat(api.post("api/v1/todos", "{\"title\":\"x\",\"owner\":\"me\"}").status())
        .isEqualTo(400);
    assertThat(api.delete("api/v1/todos").status()).isEqualTo(405);
    assertThat(api.get("").status()).as("the web page").isEqualTo(200);

    Scrape after = scrape();
    assertThat(moved(before, after, "GET", "/api/v1/todos", "200")).isEqualTo(1);
    assertThat(moved(before, after, "POST", "/api/v1/todos", "201")).isEqualTo(1);
    assertThat(moved(before, after, "POST", "/api/v1/todos", "400")).isEqualTo(1);
    assertThat(moved(before, after, "GET", "/api/v1/todos/{id}", "200")).isEqualTo(1);
    assertThat(moved(before, after, "GET", "/api/v1/todos/{id}", "404")).isEqualTo(1);
    assertThat(moved(before, after, "GET", "unmatched", "404")).isEqualTo(1);
    assertThat(moved(before, after, "DELETE", "unmatched", "405")).isEqualTo(1);
    assertThat(moved(before, after, "GET", "unmatched", "200"))
        .as("the page once, though the server forwards it to its index.html")
        .isEqualTo(1);
    assertThat(after.named(REQUESTS))
        .as("no label value comes from the request's path")
        .allSatisfy(
            sample ->
                assertThat(sample.labels().get("route")).matches("unmatched|/api/v1/[a-z/{}]+"));
  }

  @Test
  void request_durations_fall_into_a_few_fixed_buckets() {
    api.get("api/v1/todos");

    var buckets =
        scrape().named("http_server_requests_seconds_bucket").stream()
            .filter(sample -> sample.labels().get("route").equals("/api/v1/todos"))
            .filter(sample -> sample.labels().get("method").equals("GET"))
            .filter(sample -> sample.labels().get("status").equals("200"))
            .map(sample -> sample.labels().get("le"))
            .toList();
    assertThat(buckets)
        .containsExactly(
            "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "+Inf");
  }

  @Test
  void the_pool_and_the_jvm_are_measured() {
    api.get("api/v1/todos");

    Scrape scrape = scrape();
    Map<String, String> pool = Map.of("pool", "todo-db");
    for (String gauge :
        new String[] {
          "hikaricp_connections_active",
          "hikaricp_connections_idle",
          "hikaricp_connections_pending",
          "hikaricp_connections_max"
        }) {
      assertThat(scrape.value(gauge, pool)).as(gauge).isPresent();
    }
    assertThat(scrape.value("hikaricp_connections_max", pool)).hasValue(4);
    assertThat(scrape.named("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(scrape.named("process_cpu_usage")).isNotEmpty();
  }

  @Test
  void ready_is_1_once_the_readiness_check_passes() {
    assertThat(api.get("api/v1/ready").status()).isEqualTo(200);

    assertThat(scrape().value("taskoverflow_todo_ready", Map.of())).hasValue(1);
  }

  @Test
  void the_metrics_port_serves_prometheus_text_at_metrics_only() {
    Response metrics = app.metrics().get("metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");

    Response elsewhere = app.metrics().get("api/v1/todos");
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(elsewhere.error()).isEqualTo("not found");
    assertThat(app.metrics().post("metrics", "{}").status()).isEqualTo(405);
  }

  @Test
  void the_api_port_answers_metrics_with_the_apis_404() {
    Response response = api.get("metrics");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.json().size()).isEqualTo(1);
    assertThat(response.error()).isEqualTo("not found");
  }

  private static Scrape scrape() {
    Response response = app.metrics().get("metrics");
    assertThat(response.status()).isEqualTo(200);
    return Scrape.parse(response.body());
  }

  /** How much the request count of these labels grew between two scrapes. */
  private static double moved(
      Scrape before, Scrape after, String method, String route, String status) {
    Map<String, String> labels = Map.of("method", method, "route", route, "status", status);
    return after.value(REQUESTS, labels).orElse(0) - before.value(REQUESTS, labels).orElse(0);
  }
}
