package io.taskoverflow.todo.metrics;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.RequestLogger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds{method, route, status}}: every request Javalin answers, timed
 * by Javalin from its arrival until its response is written. {@code route} is the matched path
 * template ({@code /api/v1/todos/{id}}), or {@code unmatched} where no route matched (an unknown
 * path, a wrong method, the web page's files), so no label value comes from the client. Requests
 * Jetty refuses before routing (a malformed request line) are not counted.
 */
public final class HttpRequestMetrics implements RequestLogger {

  static final String UNMATCHED = "unmatched";

  /**
   * A few fixed buckets around the service's latencies: enough for a quantile estimate and an SLO,
   * with 11 series per label set where Micrometer's percentile histogram would add about 70.
   */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
  };

  private final MeterRegistry registry;

  /**
   * The timers already made, so that a request costs one small map lookup instead of building a
   * meter id and searching the registry; bounded as the labels are.
   */
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private record Key(HandlerType method, String route, int status) {}

  public HttpRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(Context ctx, Float executionTimeMs) {
    // The web page's "/" is forwarded to its index.html inside the server: count the client's
    // request only.
    if (ctx.req().getDispatcherType() != DispatcherType.REQUEST) {
      return;
    }
    Key key = new Key(ctx.method(), route(ctx), ctx.statusCode());
    timers
        .computeIfAbsent(key, this::timer)
        .record((long) (executionTimeMs * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /**
   * The endpoint's path template. The context still reports the {@code BEFORE} stage when no
   * endpoint ran, and then refuses to name a path.
   */
  static String route(Context ctx) {
    if (ctx.handlerType() == HandlerType.BEFORE) {
      return UNMATCHED;
    }
    String path = ctx.endpointHandlerPath();
    return path.isEmpty() ? UNMATCHED : path;
  }

  private Timer timer(Key key) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests answered, by method, route template and status")
        .tag("method", key.method().name())
        .tag("route", key.route())
        .tag("status", Integer.toString(key.status()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
