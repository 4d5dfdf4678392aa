package io.taskoverflow.operator.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the scale benchmark varies, from the command line ({@code --name value}).
 *
 * @param sizes TaskOverflows of each run, each run on a cluster of its own
 * @param perNamespace TaskOverflows per tenant namespace
 * @param nodes KWOK nodes
 * @param applyThreads client threads that create them
 * @param timeout how long to wait for all to be Ready
 * @param settle wait after the last Ready before the burst's requests are counted
 * @param idle how long the operator is watched doing nothing after the burst
 * @param memory the operator container's memory limit (e.g. {@code 1Gi}); empty for the chart's
 * @param output file to write the markdown report to as well; empty for none
 */
record ScaleSettings(
    List<Integer> sizes,
    int perNamespace,
    int nodes,
    int applyThreads,
    Duration timeout,
    Duration settle,
    Duration idle,
    String memory,
    String output) {

  static ScaleSettings parse(String[] args) {
    Map<String, String> options = BenchmarkOptions.parse(args);
    ScaleSettings settings =
        new ScaleSettings(
            Arrays.stream(take(options, "sizes", "200,1000,2000").split(","))
                .map(String::strip)
                .map(Integer::parseInt)
                .toList(),
            Integer.parseInt(take(options, "per-namespace", "20")),
            Integer.parseInt(take(options, "nodes", "20")),
            Integer.parseInt(take(options, "apply-threads", "8")),
            Duration.ofSeconds(Long.parseLong(take(options, "timeout-seconds", "900"))),
            Duration.ofSeconds(Long.parseLong(take(options, "settle-seconds", "10"))),
            Duration.ofSeconds(Long.parseLong(take(options, "idle-seconds", "300"))),
            take(options, "memory", ""),
            take(options, "output", ""));
    if (!options.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + options.keySet());
    }
    return settings;
  }

  /** The option's value, or {@code fallback}; what is taken is gone, so the rest is unknown. */
  private static String take(Map<String, String> options, String name, String fallback) {
    String value = options.remove(name);
    return value == null ? fallback : value;
  }
}
