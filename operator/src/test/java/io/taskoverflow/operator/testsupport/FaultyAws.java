package io.taskoverflow.operator.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault proxy in front of moto, which is never slow and never throttles: while {@link #throttle}
 * is on, every request is answered as an over-used AWS answers it (HTTP 400, error code {@code
 * Throttling}), and so are the next few after {@link #throttleNext}; with a {@link #delay}, every
 * answer comes that much later; else requests are forwarded to moto unchanged.
 */
public final class FaultyAws implements AutoCloseable {

  private static final String THROTTLED =
      "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>Sender</Type>"
          + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
          + "<RequestId>throttled</RequestId></ErrorResponse>";
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "expect", "transfer-encoding");

  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private volatile boolean throttling;
  private volatile Duration delay = Duration.ZERO;

  private FaultyAws(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public static FaultyAws inFrontOf(URI moto) {
    try {
      return new FaultyAws(moto);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fault proxy", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void throttle(boolean on) {
    throttling = on;
  }

  /** The next {@code requests} requests are throttled, those after them forwarded. */
  public void throttleNext(int requests) {
    throttleNext.set(requests);
  }

  /** Every answer from now on comes this much later (zero: at once). */
  public void delay(Duration by) {
    delay = by;
  }

  /** How many requests arrived so far. */
  public int requests() {
    return requests.get();
  }

  /** How many requests were answered with Throttling so far. */
  public int throttled() {
    return throttled.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      Thread.sleep(delay.toMillis());
      if (throttling || throttleNext.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
        throttled.incrementAndGet();
        send(exchange, 400, THROTTLED.getBytes(StandardCharsets.UTF_8), "text/xml");
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      send(
          exchange,
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Content-Type").orElse("text/xml"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String type)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
