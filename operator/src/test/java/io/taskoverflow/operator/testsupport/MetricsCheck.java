package io.taskoverflow.operator.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether the chart's dashboard and alert rules query only series that were really scraped, read by
 * Prometheus' own PromQL parser: {@code metrics-check}, built by {@code
 * scripts/test-metrics-check.sh} into the test binaries' folder (contract in {@code
 * scripts/test-alerts.sh}).
 */
public final class MetricsCheck {

  /** The dashboard the chart ships, as its ConfigMap carries it. */
  public static final Path DASHBOARD =
      Path.of("..", "helm", "taskoverflow-operator", "files", "grafana-dashboard.json");

  private MetricsCheck() {}

  /**
   * One line per expression of {@code files} (dashboards, rule files or PrometheusRule objects)
   * that names a metric not in {@code scraped}: empty when every query finds its series.
   */
  public static List<String> unscraped(Collection<String> scraped, Path... files) {
    Path binary = KubeBinaries.require("kube-apiserver").resolveSibling("metrics-check");
    try {
      Path names = Files.createTempFile("scraped", ".txt");
      Files.write(names, scraped, UTF_8);
      List<String> command =
          new java.util.ArrayList<>(List.of(binary.toString(), "--scraped", names.toString()));
      for (Path file : files) {
        command.add(file.toAbsolutePath().toString());
      }
      Process process =
          new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      String errors = new String(process.getErrorStream().readAllBytes(), UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() > 1) {
        throw new IllegalStateException("metrics-check failed: " + errors);
      }
      Files.delete(names);
      return errors.lines().filter(line -> !line.isBlank()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + binary + " (scripts/test-metrics-check.sh builds it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
