package io.taskoverflow.operator.metrics;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * JOSDK labels {@code operator_sdk_reconciliations_started_total} with the attempt's retry number,
 * and the operator retries a failing resource without end (every 30 s once the backoff has grown):
 * one resource failing for a day would add thousands of series. Numbers past {@value #SHOWN} become
 * one value, {@code "6+"}: by then the backoff waits its longest, and the exact count says nothing
 * the failure counters do not.
 */
public final class RetryNumberLimit {

  static final int SHOWN = 5;
  private static final String RETRY_NUMBER = "reconciliations.retries.number";
  private static final String BEYOND = (SHOWN + 1) + "+";

  private RetryNumberLimit() {}

  public static MeterFilter filter() {
    return MeterFilter.replaceTagValues(RETRY_NUMBER, number -> beyond(number) ? BEYOND : number);
  }

  private static boolean beyond(String number) {
    try {
      return Integer.parseInt(number) > SHOWN;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
