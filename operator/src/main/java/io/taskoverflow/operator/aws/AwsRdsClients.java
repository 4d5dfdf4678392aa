package io.taskoverflow.operator.aws;

import io.taskoverflow.operator.config.RdsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;

/**
 * The RDS client the operator uses: the SDK's standard retries (exponential backoff with full
 * jitter) for throttling, 5xx answers and timeouts, bounded attempts and call time.
 */
public final class AwsRdsClients {

  private static final int ATTEMPTS = 5;

  private AwsRdsClients() {}

  /**
   * A builder with the operator's retry policy, timeouts, region and endpoint override, its RDS
   * meters, and any extra interceptors (tests count requests with one).
   */
  public static RdsClientBuilder builder(
      RdsSettings settings, RdsApiMeters meters, ExecutionInterceptor... interceptors) {
    List<ExecutionInterceptor> all = new ArrayList<>(List.of(interceptors));
    all.add(meters.calls());
    RdsClientBuilder builder =
        RdsClient.builder()
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .executionInterceptors(all)
                    .addMetricPublisher(meters.throttledAttempts())
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(ATTEMPTS)
                            .build())
                    .apiCallAttemptTimeout(Duration.ofSeconds(20))
                    .apiCallTimeout(Duration.ofSeconds(90))
                    .build());
    settings.region().map(Region::of).ifPresent(builder::region);
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }
}
