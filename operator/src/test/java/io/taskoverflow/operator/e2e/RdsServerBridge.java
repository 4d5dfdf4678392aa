package io.taskoverflow.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The AWS endpoint the operator is given in the RDS scenarios: a pass-through proxy, on the host's
 * address in the kind network, in front of moto_server. moto creates no database, so for each
 * request moto accepts that sets an instance's master credentials, the bridge applies them to the
 * instance's PostgreSQL ({@link RdsInstanceServers}): {@code CreateDBInstance} starts that server
 * with the request's master user, password and database, and is answered once the server accepts
 * connections (moto's instances are available at once, RDS's once they serve); {@code
 * ModifyDBInstance} with {@code MasterUserPassword} sets the new password there. Nothing else is
 * changed on the way, in either direction. (Restores from snapshots are not bridged: their servers
 * would need the snapshot's data.)
 */
final class RdsServerBridge implements AutoCloseable {

  /** Headers the JDK's client sets itself. */
  private static final Set<String> OWN_HEADERS =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final URI moto;
  private final RdsInstanceServers servers;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile Hold hold;

  private RdsServerBridge(HttpServer server, URI moto, RdsInstanceServers servers) {
    this.server = server;
    this.moto = moto;
    this.servers = servers;
  }

  /** Listens on {@code address} (a free port) and forwards to moto at {@code moto}. */
  static RdsServerBridge start(String address, URI moto, RdsInstanceServers servers)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    RdsServerBridge bridge = new RdsServerBridge(server, moto, servers);
    server.createContext("/", bridge::forward);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    return bridge;
  }

  /** The endpoint to give the operator: {@code http://<address>:<port>}. */
  URI endpoint() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  /**
   * Holds the answer to the next {@code CreateDBInstance} once moto has accepted it: the instance
   * exists, but its creator has not heard so. The way to stop an operator in the middle of a
   * create.
   */
  Hold holdNextCreate() {
    Hold next = new Hold();
    hold = next;
    return next;
  }

  /** A create whose answer is held back. */
  static final class Hold {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Waits until moto has accepted the held create. */
    void awaitReached(Duration within) throws InterruptedException {
      if (!reached.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("no CreateDBInstance reached the endpoint within " + within);
      }
    }

    /** Lets its answer go (to a client that may be gone by now). */
    void release() {
      released.countDown();
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
              .timeout(Duration.ofSeconds(30))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!OWN_HEADERS.contains(name.toLowerCase())) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      HttpResponse<byte[]> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() == 200) {
        applyToServers(form(new String(body, UTF_8)));
      }
      answer
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!OWN_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      exchange.sendResponseHeaders(
          answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      System.out.println("# RDS bridge: " + e);
      exchange.sendResponseHeaders(502, -1);
    }
  }

  private void applyToServers(Map<String, String> form) throws InterruptedException {
    String action = form.getOrDefault("Action", "");
    String instance = form.get("DBInstanceIdentifier");
    if (action.equals("CreateDBInstance")) {
      // moto says "available" at once; RDS says so once the server accepts connections.
      servers.start(
          instance,
          form.get("MasterUsername"),
          form.get("MasterUserPassword"),
          form.getOrDefault("DBName", "postgres"));
      // Within the SDK's 20 s per attempt, so that the creator hears the answer.
      if (!servers.awaitAcceptingConnections(instance, Duration.ofSeconds(15))) {
        System.out.println("# RDS bridge: the server of " + instance + " is not up after 15 s");
      }
      Hold held = hold;
      if (held != null) {
        hold = null;
        held.reached.countDown();
        held.released.await(2, TimeUnit.MINUTES);
      }
    } else if (action.equals("ModifyDBInstance") && form.containsKey("MasterUserPassword")) {
      servers.setMasterPassword(instance, form.get("MasterUserPassword"));
    }
  }

  /** The fields of a form-encoded body (AWS's query protocol). */
  static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      fields.put(URLDecoder.decode(key, UTF_8), URLDecoder.decode(value, UTF_8));
    }
    return fields;
  }

  /** The actions of the recorded request bodies, in order (as the recorder of moto kept them). */
  static List<String> actions(List<String> bodies) {
    return bodies.stream().map(body -> form(body).getOrDefault("Action", "?")).toList();
  }

  @Override
  public void close() {
    Hold held = hold;
    if (held != null) {
      held.release();
    }
    server.stop(0);
  }
}
