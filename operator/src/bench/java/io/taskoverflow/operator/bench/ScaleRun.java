package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.KwokCluster;
import io.taskoverflow.operator.testsupport.PackagedOperator;
import io.taskoverflow.operator.testsupport.RequestKey;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One size of the scale benchmark, on a cluster of its own: the packaged operator as the chart runs
 * it; a burst of InCluster TaskOverflows until all are Ready; the idle minutes after; then a
 * restart of the operator with all of them stored.
 */
final class ScaleRun {

  private static final String OPERATOR_NAMESPACE = "taskoverflow-system";

  /** How long no reconciliation may start before a restarted operator counts as quiet. */
  private static final Duration QUIET = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(200);

  private static final Pattern LEADING =
      Pattern.compile("^taskoverflow_operator_leader(?:\\{[^}]*})? 1(?:\\.0)?$", Pattern.MULTILINE);

  private static final String STARTED = "operator_sdk_reconciliations_started_total";

  private final ScaleSettings settings;
  private final int resources;

  ScaleRun(ScaleSettings settings, int resources) {
    this.settings = settings;
    this.resources = resources;
  }

  ScaleResult run() throws Exception {
    Path work = Files.createTempDirectory("scale-benchmark");
    ChartOperator chart = ChartOperator.render(OPERATOR_NAMESPACE, Map.of());
    List<String> flags = new ArrayList<>();
    AuditLog audit = AuditLog.forUser(work, chart.username(), flags);
    try (SharedKubeApiServer server = SharedKubeApiServer.startStandalone(flags);
        KwokCluster cluster = KwokCluster.start(server, settings.nodes())) {
      KubernetesClient admin = server.client();
      RunningOperator.installCrd(admin);
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(OPERATOR_NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      chart.apply(admin);
      String kubeConfig = chart.kubeConfig(server);

      ScaleResult result = new ScaleResult(resources);
      PackagedOperator operator =
          start(chart, "taskoverflow-operator-0", kubeConfig, memory(chart));
      try (ScaleBurst burst = new ScaleBurst(admin, resources, settings.perNamespace())) {
        awaitLeader(operator);
        HeapHistogram emptyHeap = HeapHistogram.of(operator.pid());
        measureBurst(burst, operator, audit, result, emptyHeap);
        measureIdle(operator, audit, result);
        operator.terminate(Duration.ofSeconds(30));
        operator = start(chart, "taskoverflow-operator-1", kubeConfig, memory(chart));
        measureRestart(operator, audit, result);
        result.phasesAfterRestart = burst.phases();
        log("phases after the restart: %s", result.phasesAfterRestart);
      } finally {
        operator.close();
      }
      return result;
    }
  }

  private void measureBurst(
      ScaleBurst burst,
      PackagedOperator operator,
      AuditLog audit,
      ScaleResult result,
      HeapHistogram emptyHeap)
      throws Exception {
    CpuTimes cpu = CpuTimes.of(operator.pid());
    long mark = audit.mark();
    Map<String, Duration> cpuBefore = cpu.snapshot();
    try (MemorySampler memory = MemorySampler.start(operator.pid())) {
      burst.apply(settings.applyThreads());
      log("%d TaskOverflows created in %d ms", resources, burst.applyTime().toMillis());
      boolean allReady = burst.awaitReady(settings.timeout());
      log(
          "%d/%d Ready after %d ms",
          burst.ready(), resources, burst.sinceFirstCreated().toMillis());
      result.burst(burst.applyTime(), burst.toReady(), allReady ? burst.sinceFirstCreated() : null);
      Thread.sleep(settings.settle().toMillis()); // trailing status patches and events count too
      result.burstCost(CpuTimes.used(cpuBefore, cpu.snapshot()), audit.since(mark));
      HeapHistogram loaded = HeapHistogram.of(operator.pid());
      result.memory(memory.maxMib(), emptyHeap.liveMib(), loaded.liveMib());
    }
  }

  /** What the operator does when nothing changes: ideally nothing but renew its Lease. */
  private void measureIdle(PackagedOperator operator, AuditLog audit, ScaleResult result)
      throws Exception {
    long mark = audit.mark();
    Duration cpuBefore = processCpu(operator);
    log("idle for %d s", settings.idle().toSeconds());
    Thread.sleep(settings.idle().toMillis());
    Map<RequestKey, Long> requests = audit.since(mark);
    HeapHistogram heap = HeapHistogram.of(operator.pid());
    result.idle(
        settings.idle(),
        requests,
        processCpu(operator).minus(cpuBefore),
        heap.liveMib(),
        MemorySampler.rssKib(operator.pid()) / 1024.0);
  }

  /** A new replica (a new pod name) taking over every stored resource. */
  private void measureRestart(PackagedOperator operator, AuditLog audit, ScaleResult result)
      throws Exception {
    long startedAt = operator.launchedAt();
    long mark = audit.mark();
    Duration toLeader = awaitLeader(operator);
    Duration toFirstReconcile = null;
    double started = 0;
    long lastChange = System.nanoTime();
    long deadline = lastChange + settings.timeout().toNanos();
    while (System.nanoTime() - lastChange < QUIET.toNanos() && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
      double now = OperatorMetrics.parse(operator.body("/metrics")).getOrDefault(STARTED, 0.0);
      if (now > 0 && toFirstReconcile == null) {
        toFirstReconcile = Duration.ofNanos(System.nanoTime() - startedAt);
      }
      if (now != started) {
        started = now;
        lastChange = System.nanoTime();
      }
    }
    Duration toQuiet = Duration.ofNanos(lastChange - startedAt);
    log("restart: leader after %d ms, quiet after %d ms", toLeader.toMillis(), toQuiet.toMillis());
    result.restart(
        toLeader,
        toFirstReconcile,
        toQuiet,
        (long) started,
        audit.since(mark),
        processCpu(operator),
        MemorySampler.rssKib(operator.pid()) / 1024.0);
  }

  /** The container's memory limit: the chart's, unless the run asks for another. */
  private String memory(ChartOperator chart) {
    return settings.memory().isEmpty() ? chart.memoryLimit() : settings.memory();
  }

  /**
   * The jar as the chart's container runs it: the chart's environment, and the image's JVM options
   * with the memory the container's limit gives the JVM.
   */
  private static PackagedOperator start(
      ChartOperator chart, String podName, String kubeConfig, String memoryLimit)
      throws IOException {
    Map<String, String> env = chart.environment(podName);
    long limit = Quantity.getAmountInBytes(new Quantity(memoryLimit)).longValue();
    env.put("JAVA_TOOL_OPTIONS", imageJavaOptions() + " -XX:MaxRAM=" + limit);
    return PackagedOperator.launch(env, kubeConfig);
  }

  /** The ENV JAVA_TOOL_OPTIONS="…" line of the operator's Dockerfile. */
  static String imageJavaOptions() throws IOException {
    Matcher line =
        Pattern.compile("^ENV JAVA_TOOL_OPTIONS=\"(.*)\"$", Pattern.MULTILINE)
            .matcher(Files.readString(Path.of(System.getProperty("basedir", "."), "Dockerfile")));
    if (!line.find()) {
      throw new IllegalStateException("no ENV JAVA_TOOL_OPTIONS line in operator/Dockerfile");
    }
    return line.group(1);
  }

  /** Time from the process's launch until it leads (its leader gauge reads 1). */
  private Duration awaitLeader(PackagedOperator operator) throws InterruptedException {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    while (!LEADING.matcher(operator.body("/metrics")).find()) {
      if (!operator.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the operator did not lead; its log:\n" + operator.log());
      }
      Thread.sleep(POLL.toMillis());
    }
    return Duration.ofNanos(System.nanoTime() - operator.launchedAt());
  }

  private static Duration processCpu(PackagedOperator operator) {
    return ProcessHandle.of(operator.pid())
        .flatMap(p -> p.info().totalCpuDuration())
        .orElse(Duration.ZERO);
  }

  static void log(String format, Object... args) {
    System.err.printf("[scale] " + format + "%n", args);
  }
}
