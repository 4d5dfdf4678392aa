package io.taskoverflow.operator.bench;

import io.taskoverflow.operator.testsupport.RequestKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The runs as markdown: one column per run, the targets beside the figures they apply to. */
final class Report {

  private final BenchmarkSettings settings;
  private final List<RunResult> runs;
  private final StringBuilder out = new StringBuilder();
  private boolean targetColumn;

  private Report(BenchmarkSettings settings, List<RunResult> runs) {
    this.settings = settings;
    this.runs = runs;
  }

  static String markdown(BenchmarkSettings settings, List<RunResult> runs) {
    return new Report(settings, runs).render();
  }

  private String render() {
    line(
        "%d InCluster %s created at once (%d client threads) in one namespace%s; the"
            + " packaged operator in a JVM of its own with RECONCILE_CONCURRENCY=%s and JVM options"
            + " `%s`; kube-apiserver + etcd on the same machine (%d cores, Java %s). Latencies are"
            + " p50 / p90 / max over the resources.",
        settings.resources(),
        settings.resources() == 1 ? "TaskOverflow" : "TaskOverflows",
        settings.applyThreads(),
        settings.warmup() > 0
            ? ", after a warm-up burst of " + settings.warmup() + " in another namespace"
            : ", on a freshly started operator",
        settings.reconcileConcurrency() > 0 ? settings.reconcileConcurrency() : "10 (default)",
        settings.operatorJvmOptions().isEmpty() ? "(none)" : settings.operatorJvmOptions(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.runtime.version"));
    line("");
    header("measure", "target");
    row("creating them took", r -> seconds(r.apply()), "");
    row("creation → StatefulSet", r -> r.toPostgres().format(), "");
    row("StatefulSet → its readiness written (driver)", r -> r.postgresSimulation().format(), "");
    row(
        "creation → Deployment, with the database wait",
        r -> r.toAppIncludingDatabase().format(),
        "p50 < 1 s");
    row(
        "creation → Deployment, operator only (creation → StatefulSet + database ready → Deployment)",
        r -> r.toAppOperatorOnly().format(),
        "p50 < 1 s");
    row("database ready → Deployment", r -> r.databaseReadyToApp().format(), "");
    row("Deployment ready → phase Ready", r -> r.appReadyToReady().format(), "");
    row("creation → phase Ready", r -> r.toReady().format(), "");
    row(
        "first creation → all Ready",
        r ->
            r.converged() == null
                ? "not converged: " + r.readyCount() + "/" + r.resources() + " Ready"
                : seconds(r.converged()),
        "< 60 s");
    row(
        "operator API requests per resource (without WATCH)",
        r -> String.format("%.1f", (double) r.operatorRequestTotal(false) / r.resources()),
        "");
    row("reconciliations per resource", this::reconciliations, "");
    row(
        "simulated status writes (failed)",
        r -> r.simulatedStatusWrites() + " (" + r.failedStatusWrites() + ")",
        "");
    row(
        "operator RSS: idle / max by ps / kernel peak (VmHWM)",
        r -> String.format("%.0f / %.0f / %.0f MiB", r.rssIdleMib(), r.rssMaxMib(), r.rssPeakMib()),
        "< 300 MB");
    row(
        "CPU s, first creation → all Ready: " + String.join(" / ", runs.get(0).cpu().keySet()),
        Report::cpu,
        "");
    row(
        "CPU ms per resource: operator / all of the benchmark's processes",
        Report::cpuPerResource,
        "");
    row(
        "operator CPU s by thread: " + String.join(" / ", ThreadCpu.KINDS),
        r -> seconds(r.operatorThreadCpu()),
        "");
    row(
        "driver CPU s by thread: " + String.join(" / ", ThreadCpu.KINDS),
        r -> seconds(r.driverThreadCpu()),
        "");
    row("operator start → /readyz", r -> seconds(r.operatorStartup()), "");
    line("");
    requests();
    return out.toString();
  }

  private void requests() {
    line(
        "API requests per TaskOverflow issued by the operator (API server's `apiserver_request_total`");
    line(
        "over the run minus the driver's own creates and status writes, divided by %d):",
        settings.resources());
    line("");
    header("resource and verb", "");
    Set<RequestKey> keys = new TreeSet<>();
    runs.forEach(r -> keys.addAll(r.operatorRequests().keySet()));
    for (RequestKey key : keys) {
      row(
          key.target() + " " + key.verb(),
          r ->
              String.format(
                  "%.2f", r.operatorRequests().getOrDefault(key, 0L) / (double) r.resources()),
          "");
    }
    line("");
    line(
        "Requests to other resources in the same time (the API server's own, not counted): %s.",
        runs.stream()
            .map(r -> r.otherRequests().isEmpty() ? "none" : describe(r.otherRequests()))
            .collect(Collectors.joining("; ")));
  }

  private String reconciliations(RunResult run) {
    Double started = run.operatorMetrics().get("operator_sdk_reconciliations_started_total");
    return started == null ? "–" : String.format("%.1f", started / run.resources());
  }

  private static String cpu(RunResult run) {
    double available =
        run.cpuWindow().toMillis() / 1000.0 * Runtime.getRuntime().availableProcessors();
    return seconds(run.cpu()) + String.format(" (of %.1f available)", available);
  }

  private static String cpuPerResource(RunResult run) {
    Duration ours =
        run.cpu().entrySet().stream()
            .filter(e -> !e.getKey().equals(CpuTimes.OTHERS))
            .map(Map.Entry::getValue)
            .reduce(Duration.ZERO, Duration::plus);
    return String.format(
        "%.0f / %.0f",
        run.cpu().get(CpuTimes.OPERATOR).toMillis() / (double) run.resources(),
        ours.toMillis() / (double) run.resources());
  }

  /** CPU seconds, "1.2 / 3.4 / …" in the order of the map. */
  private static String seconds(Map<String, Duration> cpu) {
    return cpu.values().stream()
        .map(d -> String.format("%.1f", d.toMillis() / 1000.0))
        .collect(Collectors.joining(" / "));
  }

  private static String describe(Map<RequestKey, Long> requests) {
    return requests.entrySet().stream()
        .map(e -> e.getKey().target() + " " + e.getKey().verb() + " ×" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private void header(String first, String last) {
    StringBuilder names = new StringBuilder("| " + first + " |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int i = 1; i <= runs.size(); i++) {
      names.append(" run ").append(i).append(" |");
      rule.append("---:|");
    }
    targetColumn = !last.isEmpty();
    if (targetColumn) {
      names.append(' ').append(last).append(" |");
      rule.append("---|");
    }
    line(names.toString());
    line(rule.toString());
  }

  private void row(String name, Function<RunResult, String> cell, String target) {
    StringBuilder row = new StringBuilder("| " + name + " |");
    runs.forEach(r -> row.append(' ').append(cell.apply(r)).append(" |"));
    if (targetColumn) {
      row.append(' ').append(target).append(" |");
    }
    line(row.toString());
  }

  private void line(String format, Object... args) {
    out.append(String.format(format, args)).append('\n');
  }

  private static String seconds(Duration duration) {
    return String.format("%.1f s", duration.toMillis() / 1000.0);
  }
}
