package io.taskoverflow.operator.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operator's own counters (JOSDK's reconciliation totals) from its Prometheus endpoint. */
final class OperatorMetrics {

  private static final Pattern COUNTER =
      Pattern.compile("^(operator_sdk_\\w+_total)(?:\\{[^}]*})? ([-+0-9.eE]+)$");

  private OperatorMetrics() {}

  /** Each {@code operator_sdk_*_total} counter, summed over its labels. */
  static Map<String, Double> parse(String prometheusText) {
    Map<String, Double> counters = new TreeMap<>();
    for (String line : prometheusText.split("\n")) {
      Matcher counter = COUNTER.matcher(line);
      if (counter.matches()) {
        counters.merge(counter.group(1), Double.parseDouble(counter.group(2)), Double::sum);
      }
    }
    return counters;
  }

  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new TreeMap<>();
    after.forEach((name, value) -> delta.put(name, value - before.getOrDefault(name, 0.0)));
    return delta;
  }
}
