package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.taskoverflow.operator.testsupport.ApiServerRequests;
import io.taskoverflow.operator.testsupport.PackagedOperator;
import io.taskoverflow.operator.testsupport.RequestKey;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run on a fresh kube-apiserver + etcd: the packaged operator in a JVM of its own, optionally
 * warmed up by a first burst, then the measured burst of TaskOverflows, timed and counted.
 */
final class BenchmarkRun {

  private static final long DRIVER_PID = ProcessHandle.current().pid();

  private final BenchmarkSettings settings;

  BenchmarkRun(BenchmarkSettings settings) {
    this.settings = settings;
  }

  RunResult run() throws Exception {
    try (SharedKubeApiServer server = SharedKubeApiServer.startStandalone()) {
      KubernetesClient admin = server.client();
      RunningOperator.installCrd(admin);
      RequestCounter driverRequests = new RequestCounter();
      long startingAt = System.nanoTime();
      try (KubernetesClient client = countingClient(server, driverRequests);
          PackagedOperator operator =
              PackagedOperator.start(settings.operatorEnvironment(), server.kubeConfigYaml());
          MemorySampler memory = MemorySampler.start(operator.pid())) {
        Duration startup = since(startingAt);
        log("operator ready in %d ms (pid %d)", startup.toMillis(), operator.pid());
        double idleMib = MemorySampler.rssKib(operator.pid()) / 1024.0;
        if (settings.warmup() > 0) {
          warmUp(client, TestNamespaces.create(admin, "warmup"));
        }

        try (Burst burst =
            new Burst(client, TestNamespaces.create(admin, "bench"), settings.resources())) {
          CpuTimes cpu = CpuTimes.of(operator.pid());
          Map<RequestKey, Long> serverBefore = ApiServerRequests.read(admin);
          Map<RequestKey, Long> driverBefore = driverRequests.snapshot();
          Map<String, Duration> cpuBefore = cpu.snapshot();
          ThreadCpu operatorThreadsBefore = ThreadCpu.snapshot(operator.pid());
          ThreadCpu driverThreadsBefore = ThreadCpu.snapshot(DRIVER_PID);
          Map<String, Double> operatorCountersBefore =
              OperatorMetrics.parse(operator.body("/metrics"));
          long applyingAt = System.nanoTime();

          burst.apply(settings.applyThreads());
          log("%d TaskOverflows created in %d ms", burst.resources(), burst.applyTime().toMillis());
          burst.awaitReady(settings.timeout());

          Duration cpuWindow = since(applyingAt);
          Map<String, Duration> cpuUsed = CpuTimes.used(cpuBefore, cpu.snapshot());
          Map<String, Duration> operatorThreads =
              ThreadCpu.snapshot(operator.pid()).since(operatorThreadsBefore);
          Map<String, Duration> driverThreads =
              ThreadCpu.snapshot(DRIVER_PID).since(driverThreadsBefore);
          Timeline timeline = burst.timeline();
          log(
              "%d/%d Ready after %d ms",
              timeline.count(Milestone.READY), burst.resources(), cpuWindow.toMillis());
          // Trailing status patches and their events belong in the request counts too.
          Thread.sleep(settings.settle().toMillis());
          Map<RequestKey, Long> served =
              ApiServerRequests.delta(serverBefore, ApiServerRequests.read(admin));
          Map<RequestKey, Long> byDriver =
              ApiServerRequests.delta(driverBefore, driverRequests.snapshot());

          return new RunResult(
              burst.resources(),
              startup,
              burst.applyTime(),
              timeline.between(Milestone.CREATED, Milestone.POSTGRES_CREATED),
              timeline.between(Milestone.POSTGRES_CREATED, Milestone.POSTGRES_READY),
              timeline.between(Milestone.CREATED, Milestone.APP_CREATED),
              timeline.operatorTimeToApp(),
              timeline.between(Milestone.POSTGRES_READY, Milestone.APP_CREATED),
              timeline.between(Milestone.APP_READY, Milestone.READY),
              timeline.between(Milestone.CREATED, Milestone.READY),
              timeline.count(Milestone.READY),
              burst.converged(),
              subtract(only(served, true), byDriver),
              only(served, false),
              burst.simulator().statusWrites(),
              burst.simulator().failedWrites(),
              idleMib,
              memory.maxMib(),
              memory.peakMib(),
              cpuUsed,
              operatorThreads,
              driverThreads,
              cpuWindow,
              OperatorMetrics.delta(
                  operatorCountersBefore, OperatorMetrics.parse(operator.body("/metrics"))));
        }
      }
    }
  }

  /** A first burst, not measured, so that the measured one meets JIT-compiled code. */
  private void warmUp(KubernetesClient client, String namespace) throws InterruptedException {
    try (Burst warmup = new Burst(client, namespace, settings.warmup())) {
      warmup.apply(settings.applyThreads());
      if (!warmup.awaitReady(settings.timeout())) {
        throw new IllegalStateException("the warm-up burst did not become Ready");
      }
      log(
          "warm-up: %d TaskOverflows Ready in %d ms",
          settings.warmup(), warmup.converged().toMillis());
    }
    Thread.sleep(settings.settle().toMillis());
  }

  private static KubernetesClient countingClient(
      SharedKubeApiServer server, RequestCounter counter) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.kubeConfigYaml()))
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("bench", counter))
        .build();
  }

  private static Map<RequestKey, Long> only(Map<RequestKey, Long> requests, boolean operators) {
    Map<RequestKey, Long> selected = new TreeMap<>();
    requests.forEach(
        (key, count) -> {
          if (ApiServerRequests.OPERATOR_RESOURCES.contains(key.resource()) == operators) {
            selected.put(key, count);
          }
        });
    return selected;
  }

  private static Map<RequestKey, Long> subtract(
      Map<RequestKey, Long> total, Map<RequestKey, Long> driver) {
    Map<RequestKey, Long> rest = new TreeMap<>(total);
    driver.forEach((key, count) -> rest.merge(key, -count, Long::sum));
    rest.values().removeIf(count -> count == 0);
    return rest;
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
