package io.taskoverflow.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * {@code taskoverflow_rds_api_throttled_attempts_total{action}}: the attempts AWS throttled,
 * including those whose call the SDK's retries then carried through, which the final outcome of
 * {@link RdsApiCallCounter} hides.
 *
 * <p>A metric publisher rather than an interceptor: no interceptor hook sees a failed attempt's
 * error code (RDS sends it in the body, behind HTTP 400), while the SDK already classifies every
 * attempt ({@link CoreMetric#ERROR_TYPE}) with the same throttling test its retry strategy uses.
 */
final class RdsThrottledAttempts implements MetricPublisher {

  /** The value of {@link CoreMetric#ERROR_TYPE} for a throttled attempt. */
  private static final String THROTTLING = "Throttling";

  private final MeterRegistry registry;

  /**
   * @param operations those counted from 0 at once: a series that appears only with the first
   *     throttled attempt would hide that burst from {@code increase()}
   */
  RdsThrottledAttempts(MeterRegistry registry, Collection<String> operations) {
    this.registry = registry;
    operations.forEach(this::counter);
  }

  /** One API call, with one child collection per attempt. */
  @Override
  public void publish(MetricCollection call) {
    long throttled =
        call.children().stream()
            .filter(attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE).contains(THROTTLING))
            .count();
    if (throttled > 0) {
      counter(call.metricValues(CoreMetric.OPERATION_NAME).stream().findFirst().orElse("unknown"))
          .increment(throttled);
    }
  }

  @Override
  public void close() {}

  private Counter counter(String operation) {
    return Counter.builder("taskoverflow.rds.api.throttled.attempts")
        .description("RDS API attempts AWS throttled, also those a retry then carried through")
        .tag("action", operation)
        .register(registry);
  }
}
