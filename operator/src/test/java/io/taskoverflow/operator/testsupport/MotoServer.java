package io.taskoverflow.operator.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * moto_server, an independent emulator of the AWS APIs, from the virtualenv that {@code
 * scripts/test-moto.sh} creates, on the loopback address. For the integration tests one per test
 * JVM, reset between tests by {@link MotoServerExtension}; the RDS end-to-end scenarios start their
 * own.
 */
public final class MotoServer implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final URI endpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public static MotoServer start() {
    Path binary = locateBinary();
    Path log = LocalProcesses.logFile("moto-server.log");
    int port = LocalProcesses.freePort();
    try {
      ProcessBuilder builder =
          new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(Redirect.to(log.toFile()));
      builder
          .environment()
          .put("MOTO_RECORDER_FILEPATH", LocalProcesses.logFile("moto-recording.jsonl").toString());
      Process process = builder.start();
      MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
      long startedAt = System.nanoTime();
      LocalProcesses.awaitReady(process, "moto_server", log, STARTUP_TIMEOUT, server::resetState);
      System.out.printf(
          "moto_server ready in %d ms%n",
          Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
      // The JUnit root store closes it at the end of the run; this covers an interrupted JVM.
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-moto-server"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + binary, e);
    }
  }

  /** The static test credentials moto accepts. */
  public static StaticCredentialsProvider credentials() {
    return CREDENTIALS;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every emulated resource, so that each test starts from a fresh AWS account. */
  public void reset() {
    if (!resetState()) {
      throw new IllegalStateException("moto_server at " + endpoint + " did not accept a reset");
    }
  }

  /**
   * Starts moto's own recorder afresh: from now on it keeps every request it receives, with its
   * body, as AWS would have received it. The witness for what the operator asked AWS to do.
   */
  public void startRecording() {
    post("/moto-api/recorder/reset-recording");
    post("/moto-api/recorder/start-recording");
  }

  /** The bodies (form-encoded for RDS) of the requests recorded since {@link #startRecording}. */
  public List<String> recordedBodies() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/recorder/download-recording"))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      String recording = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
      List<String> bodies = new ArrayList<>();
      for (String line : recording.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry = JSON.readTree(line);
        String body = entry.path("body").asText("");
        bodies.add(
            entry.path("body_encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
                : body);
      }
      return bodies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void post(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        throw new IllegalStateException("moto_server answered " + status + " to " + path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An SDK client for this server; the caller closes it. */
  public RdsClient rdsClient() {
    return RdsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .build();
  }

  /** An SDK client for this server; the caller closes it. */
  public Ec2Client ec2Client() {
    return Ec2Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .build();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LocalProcesses.stop(process);
    }
  }

  private boolean resetState() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** MOTO_SERVER (path of the executable) wins; otherwise the venv of scripts/test-moto.sh. */
  private static Path locateBinary() {
    String explicit = System.getenv("MOTO_SERVER");
    Path binary;
    if (explicit != null && !explicit.isBlank()) {
      binary = Path.of(explicit);
    } else {
      String cache = System.getenv("TASKOVERFLOW_CACHE");
      Path cacheDir =
          cache != null && !cache.isBlank()
              ? Path.of(cache)
              : Path.of(System.getProperty("user.home"), ".cache", "taskoverflow");
      binary = cacheDir.resolve("moto-venv").resolve("bin").resolve("moto_server");
    }
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Missing "
              + binary
              + ". Run scripts/test-moto.sh first: it installs the pinned moto[server] from PyPI"
              + " into that virtualenv (or set MOTO_SERVER to a moto_server executable).");
    }
    return binary;
  }
}
