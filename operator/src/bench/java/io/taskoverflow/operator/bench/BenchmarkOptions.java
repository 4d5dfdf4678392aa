package io.taskoverflow.operator.bench;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} pairs that bench-operator.sh passes to a benchmark driver. */
final class BenchmarkOptions {

  private BenchmarkOptions() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
