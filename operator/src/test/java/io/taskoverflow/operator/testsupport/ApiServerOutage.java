package io.taskoverflow.operator.testsupport;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops the kube-apiserver of a server started for one caller ({@link
 * SharedKubeApiServer#startStandalone()}, never the one the IT classes share) and starts it again
 * with the same command line: the same port, etcd, flags and certificates. The API is gone for a
 * while; no data is lost, as when a control plane restarts.
 *
 * <p>kube-api-test 7.5 has no restart, and stops etcd (deleting its data) when its API server
 * process ends unasked; so the process is stopped through kube-api-test's own handle to it (its
 * private fields, read by reflection), which then takes the stop as intended.
 */
public final class ApiServerOutage implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private final List<String> commandLine;
  private final KubeAPIServerProcess kubeApiTestProcess;

  /** Asks once, without the client's retries, whether the server is ready. */
  private final KubernetesClient probe;

  private Process restarted;

  private ApiServerOutage(
      SharedKubeApiServer server, KubeAPIServerProcess kubeApiTestProcess, Process running) {
    this.kubeApiTestProcess = kubeApiTestProcess;
    Config config =
        new ConfigBuilder(Config.fromKubeconfig(server.kubeConfigYaml()))
            .withRequestRetryBackoffLimit(0)
            .withRequestTimeout(2_000)
            .withConnectionTimeout(1_000)
            .build();
    this.probe = new KubernetesClientBuilder().withConfig(config).build();
    this.commandLine = new ArrayList<>();
    commandLine.add(running.info().command().orElseThrow());
    commandLine.addAll(List.of(running.info().arguments().orElseThrow()));
  }

  public static ApiServerOutage of(SharedKubeApiServer server) {
    var process =
        (KubeAPIServerProcess)
            field(server.kubeApiServer(), KubeAPIServer.class, "kubeApiServerProcess");
    return new ApiServerOutage(
        server, process, (Process) field(process, KubeAPIServerProcess.class, "apiServerProcess"));
  }

  /** Kills the API server (SIGKILL, as a crash); etcd keeps running with every object. */
  public void stop() {
    if (restarted == null) {
      kubeApiTestProcess.stopApiServer();
    } else {
      restarted.destroyForcibly();
      waitFor(restarted);
      restarted = null;
    }
  }

  /** Starts it again as it was started first, and waits until it is ready. */
  public void start() {
    Path log = LocalProcesses.logFile("restarted-kube-apiserver.log");
    try {
      restarted =
          new ProcessBuilder(commandLine)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + commandLine.get(0), e);
    }
    LocalProcesses.awaitReady(
        restarted, "the restarted kube-apiserver", log, STARTUP_TIMEOUT, this::isServing);
  }

  /** Whether the API server answers {@code /readyz} with ok now. */
  public boolean isServing() {
    try {
      return "ok".equals(probe.raw("/readyz"));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  @Override
  public void close() {
    probe.close();
    if (restarted != null) {
      LocalProcesses.stop(restarted);
    }
  }

  private static Object field(Object owner, Class<?> type, String name) {
    try {
      java.lang.reflect.Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "kube-api-test changed: no field " + name + " in " + type.getName(), e);
    }
  }

  private static void waitFor(Process process) {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
