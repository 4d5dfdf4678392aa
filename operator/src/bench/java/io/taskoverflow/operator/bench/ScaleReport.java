package io.taskoverflow.operator.bench;

import io.taskoverflow.operator.testsupport.RequestKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The sizes as markdown: one column per size, the goals beside the figures they apply to. */
final class ScaleReport {

  private final ScaleSettings settings;
  private final List<ScaleResult> runs;
  private final StringBuilder out = new StringBuilder();

  private ScaleReport(ScaleSettings settings, List<ScaleResult> runs) {
    this.settings = settings;
    this.runs = runs;
  }

  static String markdown(ScaleSettings settings, List<ScaleResult> runs) {
    return new ScaleReport(settings, runs).render();
  }

  private String render() {
    out.append(
        String.format(
            "InCluster TaskOverflows created at once (%d client threads), %d per tenant namespace;"
                + " the packaged operator with the chart's environment, RBAC and JVM options"
                + " (`%s` and %s); kube-apiserver + etcd +"
                + " kube-controller-manager + kube-scheduler, and KWOK playing %d nodes and their"
                + " kubelets, all on this machine (%d cores, Java %s). Requests are the operator's"
                + " own, from the API server's audit log; its Lease renewals are left out of the"
                + " totals.%n%n",
            settings.applyThreads(),
            settings.perNamespace(),
            safe(ScaleRun::imageJavaOptions),
            settings.memory().isEmpty()
                ? "the chart's memory limit"
                : "a memory limit of " + settings.memory() + " instead of the chart's",
            settings.nodes(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.runtime.version")));
    List<String> header = new ArrayList<>(List.of("measure"));
    runs.forEach(r -> header.add(r.resources + ""));
    header.add("goal");
    row(header);
    row(Collections.nCopies(header.size(), "---"));

    section("burst");
    row("creating them took", r -> seconds(r.applyTime), "");
    row("creation → Ready, p50 / p99 / max", r -> percentiles(r.toReadyNanos), "");
    row(
        "first creation → all Ready",
        r -> r.allReady == null ? "not all Ready" : seconds(r.allReady),
        "≤ 180 s at 2,000");
    row("operator CPU per resource", r -> millis(r.operatorBurstCpu().dividedBy(r.resources)), "");
    for (String process : processes()) {
      if (!process.equals(CpuTimes.OPERATOR)) {
        row(process + " CPU", r -> seconds(r.burstCpu.getOrDefault(process, Duration.ZERO)), "");
      }
    }
    row(
        "operator API requests per resource",
        r -> perResource(AuditLog.total(r.burstRequests), r),
        "≤ 11");
    for (RequestKey key : keys(r -> r.burstRequests)) {
      row(
          "&nbsp;&nbsp;" + key.verb() + " " + key.target(),
          r -> perResource(r.burstRequests.getOrDefault(key, 0L), r),
          "");
    }
    row("operator RSS, max", r -> mib(r.maxRssMib), "≤ 512 MiB");
    row(
        "live heap after a full GC: before → after",
        r -> mib(r.emptyHeapMib) + " → " + mib(r.loadedHeapMib),
        "");
    row(
        "live heap per resource",
        r -> String.format("%.1f KiB", r.heapPerResourceKib()),
        "< 100 KiB");

    section("idle, " + (runs.isEmpty() ? "" : runs.get(0).idle.toSeconds() + " s") + " after");
    row("operator writes", r -> count(AuditLog.writes(r.idleRequests)), "0");
    row("operator requests", r -> count(AuditLog.total(r.idleRequests)), "");
    row("operator CPU", r -> seconds(r.idleCpu), "");
    row("live heap after a full GC", r -> mib(r.idleHeapMib), "");
    row("operator RSS", r -> mib(r.idleRssMib), "");

    section("restart with all stored (a new replica)");
    row("launch → leading", r -> seconds(r.restartToLeader), "");
    row("launch → first reconcile", r -> seconds(r.restartToFirstReconcile), "");
    row("launch → quiet (no reconcile for 10 s)", r -> seconds(r.restartToQuiet), "");
    row("reconciliations", r -> count(r.restartReconciliations), "");
    row("operator writes", r -> count(AuditLog.writes(r.restartRequests)), "0");
    row("operator requests", r -> count(AuditLog.total(r.restartRequests)), "");
    for (RequestKey key : keys(r -> r.restartRequests)) {
      row(
          "&nbsp;&nbsp;" + key.verb() + " " + key.target(),
          r -> count(r.restartRequests.getOrDefault(key, 0L)),
          "");
    }
    row("operator CPU until quiet", r -> seconds(r.restartCpu), "");
    row("operator RSS when quiet", r -> mib(r.restartRssMib), "≤ 512 MiB");
    row("phases when quiet", r -> r.phasesAfterRestart.toString(), "all Ready");
    if (runs.size() > 1) {
      ScaleResult small = runs.get(0);
      ScaleResult large = runs.get(runs.size() - 1);
      double perThousand =
          (large.idleRssMib - small.idleRssMib) * 1000 / (large.resources - small.resources);
      out.append(
          String.format(
              "%nOperator RSS grows by %.0f MiB per 1,000 resources between %d and %d (idle, after"
                  + " the burst); live heap by %.0f MiB.%n",
              perThousand,
              small.resources,
              large.resources,
              (large.idleHeapMib - small.idleHeapMib)
                  * 1000
                  / (large.resources - small.resources)));
    }
    return out.toString();
  }

  private Set<String> processes() {
    Set<String> names = new TreeSet<>();
    runs.forEach(r -> names.addAll(r.burstCpu.keySet()));
    return names;
  }

  private Set<RequestKey> keys(Function<ScaleResult, Map<RequestKey, Long>> requests) {
    Set<RequestKey> keys = new TreeSet<>();
    runs.forEach(r -> keys.addAll(requests.apply(r).keySet()));
    return keys;
  }

  private void section(String title) {
    List<String> cells = new ArrayList<>(List.of("**" + title + "**"));
    runs.forEach(r -> cells.add(""));
    cells.add("");
    row(cells);
  }

  private void row(String measure, Function<ScaleResult, String> figure, String goal) {
    List<String> cells = new ArrayList<>(List.of(measure));
    runs.forEach(r -> cells.add(figure.apply(r)));
    cells.add(goal);
    row(cells);
  }

  private void row(List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "–";
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format(
        "%.1f / %.1f / %.1f s",
        rank(sorted, 50) / 1e9, rank(sorted, 99) / 1e9, sorted.get(sorted.size() - 1) / 1e9);
  }

  private static long rank(List<Long> sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  private static String perResource(long requests, ScaleResult r) {
    return String.format("%.2f", requests / (double) r.resources);
  }

  private static String count(long value) {
    return Long.toString(value);
  }

  private static String seconds(Duration duration) {
    return duration == null ? "–" : String.format("%.1f s", duration.toMillis() / 1000.0);
  }

  private static String millis(Duration duration) {
    return String.format("%.1f ms", duration.toNanos() / 1e6);
  }

  private static String mib(double mib) {
    return String.format("%.0f MiB", mib);
  }

  private interface Reading {
    String get() throws Exception;
  }

  private static String safe(Reading reading) {
    try {
      return reading.get();
    } catch (Exception e) {
      return "?";
    }
  }
}
