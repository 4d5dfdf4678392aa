package io.taskoverflow.operator.bench;

import io.taskoverflow.operator.testsupport.RunningOperator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a benchmark run varies, from the command line ({@code --name value}).
 *
 * @param resources TaskOverflows created at once
 * @param warmup TaskOverflows of a first burst, not measured, that warms the JVMs up; 0 for none
 * @param runs runs, each on a fresh API server with a fresh operator
 * @param applyThreads client threads that create them
 * @param reconcileConcurrency the operator's RECONCILE_CONCURRENCY; 0 leaves its default
 * @param operatorJvmOptions JAVA_TOOL_OPTIONS of the operator JVM; empty for the JVM's defaults
 * @param timeout how long to wait for every resource to be Ready
 * @param settle wait after the last Ready before the request counters are read
 * @param output file to write the markdown report to as well; empty for none
 */
record BenchmarkSettings(
    int resources,
    int warmup,
    int runs,
    int applyThreads,
    int reconcileConcurrency,
    String operatorJvmOptions,
    Duration timeout,
    Duration settle,
    String output) {

  /** Addresses of a /24 less network, broadcast and the kubernetes Service, with a margin. */
  private static final int MAX_SERVICES = 250;

  static BenchmarkSettings parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    BenchmarkSettings settings =
        new BenchmarkSettings(
            integer(options.remove("resources"), 200),
            integer(options.remove("warmup"), 0),
            integer(options.remove("runs"), 1),
            integer(options.remove("apply-threads"), 8),
            integer(options.remove("reconcile-concurrency"), 0),
            text(options.remove("operator-jvm-options")),
            Duration.ofSeconds(integer(options.remove("timeout-seconds"), 300)),
            Duration.ofSeconds(integer(options.remove("settle-seconds"), 5)),
            text(options.remove("output")));
    if (!options.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + options.keySet());
    }
    if (settings.resources() + settings.warmup() > MAX_SERVICES) {
      throw new IllegalArgumentException(
          "at most "
              + MAX_SERVICES
              + " resources and warm-up together: each has a ClusterIP Service, and kube-api-test"
              + " starts the API server with --service-cluster-ip-range 10.0.0.0/24");
    }
    return settings;
  }

  /** Environment of the operator process, as the chart would set it. */
  Map<String, String> operatorEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("TODO_IMAGE", RunningOperator.TODO_IMAGE);
    env.put("POSTGRES_IMAGE", RunningOperator.POSTGRES_IMAGE);
    // Set even when empty, so that nothing leaks in from the environment of the benchmark.
    env.put(
        "RECONCILE_CONCURRENCY",
        reconcileConcurrency > 0 ? Integer.toString(reconcileConcurrency) : "");
    env.put("JAVA_TOOL_OPTIONS", operatorJvmOptions);
    return env;
  }

  private static String text(String value) {
    return value == null ? "" : value.strip();
  }

  private static int integer(String value, int fallback) {
    return value == null ? fallback : Integer.parseInt(value);
  }
}
