package io.taskoverflow.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * {@code taskoverflow_rds_api_calls_total{action,error_code}}: every RDS API call once (a page of
 * DescribeDBInstances is a call), with its final outcome after the SDK's retries: {@code none}, the
 * AWS error code (e.g. {@code Throttling}, {@code DBInstanceAlreadyExists}), or {@code client} when
 * AWS never answered (a timeout, a refused connection, no credentials). Both labels come from AWS's
 * fixed vocabulary: no identifier of an instance or a request ever becomes a label.
 */
final class RdsApiCallCounter implements ExecutionInterceptor {

  static final String SUCCEEDED = "none";
  static final String CLIENT_SIDE = "client";

  private final MeterRegistry registry;

  /**
   * @param operations those whose successes are counted from 0 at once, so that a rate or a ratio
   *     has a series before the first call
   */
  RdsApiCallCounter(MeterRegistry registry, Collection<String> operations) {
    this.registry = registry;
    operations.forEach(operation -> counter(operation, SUCCEEDED));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    count(attributes, SUCCEEDED);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    count(
        attributes,
        context.exception() instanceof AwsServiceException service
            ? AwsErrors.code(service)
            : CLIENT_SIDE);
  }

  private void count(ExecutionAttributes attributes, String errorCode) {
    String operation =
        Objects.requireNonNullElse(
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), "unknown");
    counter(operation, errorCode).increment();
  }

  private Counter counter(String operation, String errorCode) {
    return Counter.builder("taskoverflow.rds.api.calls")
        .description("RDS API calls by operation and final outcome (AWS error code, none, client)")
        .tag("action", operation)
        .tag("error_code", errorCode)
        .register(registry);
  }
}
