package io.taskoverflow.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of the operator's RDS client, registered when the operator starts rather than when the
 * client is first built: each operation's series then exist at 0 before its first call.
 */
public final class RdsApiMeters {

  private final RdsApiCallCounter calls;
  private final RdsThrottledAttempts throttledAttempts;

  public RdsApiMeters(MeterRegistry registry) {
    this.calls = new RdsApiCallCounter(registry, AwsRdsGateway.OPERATIONS);
    this.throttledAttempts = new RdsThrottledAttempts(registry, AwsRdsGateway.OPERATIONS);
  }

  RdsApiCallCounter calls() {
    return calls;
  }

  RdsThrottledAttempts throttledAttempts() {
    return throttledAttempts;
  }
}
