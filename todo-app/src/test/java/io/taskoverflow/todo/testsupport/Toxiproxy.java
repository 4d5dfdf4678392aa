package io.taskoverflow.todo.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Toxiproxy server (built by {@code scripts/test-toxiproxy.sh}) between the service and its
 * database: faults are injected on the TCP stream, as a network or a failing database would, not by
 * a mock of the driver.
 */
public final class Toxiproxy implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final URI api;

  private Toxiproxy(Process process, URI api) {
    this.process = process;
    this.api = api;
  }

  public static Toxiproxy start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                binary().toString(), "-host", "127.0.0.1", "-port", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Toxiproxy toxiproxy = new Toxiproxy(process, URI.create("http://127.0.0.1:" + port + "/"));
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      try {
        toxiproxy.call("GET", "version", null);
        return toxiproxy;
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline) || !process.isAlive()) {
          process.destroy();
          throw new IllegalStateException("toxiproxy-server did not start", e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** A proxy on a free loopback port to {@code host:port}; returns the port it listens on. */
  public int proxy(String name, String host, int port) throws IOException, InterruptedException {
    JsonNode created =
        call(
            "POST",
            "proxies",
            Map.of("name", name, "listen", "127.0.0.1:0", "upstream", host + ":" + port));
    String listen = created.path("listen").asText();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  /** Data in both directions is dropped and nothing is closed: a database that stops answering. */
  public void blackhole(String proxy) throws IOException, InterruptedException {
    for (String stream : new String[] {"upstream", "downstream"}) {
      addToxic(proxy, "blackhole-" + stream, "timeout", stream, Map.of("timeout", 0));
    }
  }

  /** Every connection is reset at once by the peer: a database that crashed. */
  public void resetPeer(String proxy) throws IOException, InterruptedException {
    addToxic(proxy, "reset", "reset_peer", "downstream", Map.of("timeout", 0));
  }

  /** Each answer arrives {@code millis} late: a slow but working database. */
  public void latency(String proxy, int millis) throws IOException, InterruptedException {
    addToxic(proxy, "latency", "latency", "downstream", Map.of("latency", millis));
  }

  /** Removes every toxic: the database answers normally again. */
  public void heal(String proxy) throws IOException, InterruptedException {
    for (JsonNode toxic : call("GET", "proxies/" + proxy + "/toxics", null)) {
      call("DELETE", "proxies/" + proxy + "/toxics/" + toxic.path("name").asText(), null);
    }
  }

  private void addToxic(
      String proxy, String name, String type, String stream, Map<String, Object> attributes)
      throws IOException, InterruptedException {
    call(
        "POST",
        "proxies/" + proxy + "/toxics",
        Map.of("name", name, "type", type, "stream", stream, "attributes", attributes));
  }

  private JsonNode call(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(5));
    request.method(
        method,
        body == null
            ? BodyPublishers.noBody()
            : BodyPublishers.ofString(JSON.writeValueAsString(body)));
    var response = HTTP.send(request.build(), BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          "toxiproxy "
              + method
              + " "
              + path
              + ": "
              + response.statusCode()
              + " "
              + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  /**
   * {@code TOXIPROXY_SERVER}, else the test binaries' folder (under {@code KUBE_API_TEST_DIR},
   * default {@code ~/.kubeapitest}), where {@code scripts/test-toxiproxy.sh} puts it.
   */
  private static Path binary() throws IOException {
    Optional<Path> configured =
        Optional.ofNullable(System.getenv("TOXIPROXY_SERVER")).map(Path::of);
    if (configured.isPresent()) {
      return configured.get();
    }
    Path root =
        Path.of(
            Optional.ofNullable(System.getenv("KUBE_API_TEST_DIR"))
                .orElse(System.getProperty("user.home") + "/.kubeapitest"),
            "k8s");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        Optional<Path> found =
            versions
                .map(version -> version.resolve("toxiproxy-server"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw new IllegalStateException(
        "toxiproxy-server not found under " + root + ": run scripts/test-toxiproxy.sh");
  }

  @Override
  public void close() {
    process.destroy();
  }
}
