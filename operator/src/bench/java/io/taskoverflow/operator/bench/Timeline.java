package io.taskoverflow.operator.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongBinaryOperator;
import java.util.function.ToLongFunction;

/**
 * When each milestone happened to each TaskOverflow, on the driver's monotonic clock. Only the
 * first occurrence counts: a second watch event for the same object does not move a milestone.
 */
final class Timeline {

  private static final long UNSET = Long.MIN_VALUE;

  private final Map<String, AtomicLongArray> byResource = new ConcurrentHashMap<>();

  void record(String resource, Milestone milestone) {
    long now = System.nanoTime();
    byResource
        .computeIfAbsent(resource, key -> unset())
        .compareAndSet(milestone.ordinal(), UNSET, now);
  }

  long count(Milestone milestone) {
    return byResource.values().stream()
        .filter(times -> times.get(milestone.ordinal()) != UNSET)
        .count();
  }

  /** The earliest time of a milestone over all resources, or {@link #UNSET}. */
  long first(Milestone milestone) {
    return extreme(milestone, Math::min);
  }

  /** The latest time of a milestone over all resources, or {@link #UNSET}. */
  long last(Milestone milestone) {
    return extreme(milestone, Math::max);
  }

  /** Milliseconds from one milestone to another, for each resource that reached both. */
  Distribution between(Milestone from, Milestone to) {
    return measure(times -> span(times, from, to));
  }

  /**
   * Milliseconds the operator itself spent before creating the Deployment: creation to StatefulSet,
   * plus database ready to Deployment; the simulated database start-up in between is left out.
   */
  Distribution operatorTimeToApp() {
    return measure(
        times -> {
          long toPostgres = span(times, Milestone.CREATED, Milestone.POSTGRES_CREATED);
          long toApp = span(times, Milestone.POSTGRES_READY, Milestone.APP_CREATED);
          return toPostgres == UNSET || toApp == UNSET ? UNSET : toPostgres + toApp;
        });
  }

  private Distribution measure(ToLongFunction<AtomicLongArray> nanos) {
    List<Long> values =
        byResource.values().stream()
            .mapToLong(nanos)
            .filter(value -> value != UNSET)
            .boxed()
            .toList();
    return Distribution.ofNanos(values);
  }

  private long extreme(Milestone milestone, LongBinaryOperator pick) {
    return byResource.values().stream()
        .mapToLong(times -> times.get(milestone.ordinal()))
        .filter(time -> time != UNSET)
        .reduce(pick)
        .orElse(UNSET);
  }

  private static long span(AtomicLongArray times, Milestone from, Milestone to) {
    long start = times.get(from.ordinal());
    long end = times.get(to.ordinal());
    return start == UNSET || end == UNSET ? UNSET : end - start;
  }

  private static AtomicLongArray unset() {
    AtomicLongArray times = new AtomicLongArray(Milestone.values().length);
    for (int i = 0; i < times.length(); i++) {
      times.set(i, UNSET);
    }
    return times;
  }
}
