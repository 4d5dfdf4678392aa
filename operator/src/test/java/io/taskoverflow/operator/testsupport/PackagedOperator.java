package io.taskoverflow.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged operator (the shaded jar of {@code mvn package}, what the image runs) started as a
 * process of its own with a given environment and kubeconfig, as the chart's container starts it. A
 * process of its own also lets it run leader election: JOSDK 5.2 ends the JVM of a leader that
 * stops.
 */
public final class PackagedOperator implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  /** Numbers the log files, so that a restart does not overwrite its predecessor's. */
  private static final java.util.concurrent.atomic.AtomicInteger LAUNCHED =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Process process;
  private final int healthPort;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();
  private final long launchedAt = System.nanoTime();

  private PackagedOperator(Process process, int healthPort, Path log) {
    this.process = process;
    this.healthPort = healthPort;
    this.log = log;
  }

  /** When the process was started, on {@link System#nanoTime()}'s clock. */
  public long launchedAt() {
    return launchedAt;
  }

  /**
   * Starts the jar with {@code env} (HEALTH_PORT is replaced by a free port) against the API server
   * of {@code kubeConfigYaml}, and waits until {@code /readyz} answers 200.
   */
  public static PackagedOperator start(Map<String, String> env, String kubeConfigYaml) {
    PackagedOperator operator = launch(env, kubeConfigYaml);
    LocalProcesses.awaitReady(
        operator.process,
        "the packaged operator",
        operator.log,
        STARTUP_TIMEOUT,
        () -> operator.status("/readyz") == 200);
    return operator;
  }

  /** Starts the jar as {@link #start} does, without waiting for anything. */
  public static PackagedOperator launch(Map<String, String> env, String kubeConfigYaml) {
    Path jar = Path.of(System.getProperty("basedir", "."), "target", "taskoverflow-operator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the ITs with mvn verify (package)");
    }
    try {
      Path kubeConfig = LocalProcesses.logFile("packaged-operator-kubeconfig.yaml");
      Files.writeString(kubeConfig, kubeConfigYaml);
      Path log = LocalProcesses.logFile("packaged-operator-" + LAUNCHED.incrementAndGet() + ".log");
      int healthPort = LocalProcesses.freePort();
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.to(log.toFile()));
      Map<String, String> environment = builder.environment();
      environment.keySet().removeIf(name -> name.startsWith("KUBERNETES_"));
      environment.putAll(env);
      environment.put("HEALTH_PORT", Integer.toString(healthPort));
      environment.put("KUBECONFIG", kubeConfig.toString());
      return new PackagedOperator(builder.start(), healthPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
  }

  /** The exit code once the process ended within the timeout, else empty. */
  public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        ? java.util.OptionalInt.of(process.exitValue())
        : java.util.OptionalInt.empty();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the process has written so far (stdout and stderr). */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Process id of the operator JVM, e.g. to sample its memory from outside. */
  public long pid() {
    return process.pid();
  }

  /** HTTP status of a path on the health port, or -1 when nothing answers. */
  public int status(String path) {
    return get(path).map(HttpResponse::statusCode).orElse(-1);
  }

  /** Body of a path on the health port, or "" when nothing answers. */
  public String body(String path) {
    return get(path).map(HttpResponse::body).orElse("");
  }

  private java.util.Optional<HttpResponse<String>> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return java.util.Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  /** SIGTERM, as the kubelet sends it; true if the process ended within the timeout. */
  public boolean terminate(java.time.Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Kills what is still running. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
