package io.taskoverflow.operator.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** p50, p90 and max of a set of durations in milliseconds (nearest-rank percentiles). */
record Distribution(int count, double p50, double p90, double max) {

  static Distribution ofNanos(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return new Distribution(0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Distribution(
        sorted.size(),
        millis(percentile(sorted, 50)),
        millis(percentile(sorted, 90)),
        millis(sorted.get(sorted.size() - 1)));
  }

  /** "p50 / p90 / max ms", or "–" when nothing was measured. */
  String format() {
    if (count == 0) {
      return "–";
    }
    return String.format("%s / %s / %s ms", round(p50), round(p90), round(max));
  }

  private static long percentile(List<Long> sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  private static String round(double millis) {
    return millis < 10 ? String.format("%.1f", millis) : String.format("%.0f", millis);
  }
}
