package io.taskoverflow.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskoverflow.operator.config.OperatorConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Throttling and 5xx answers are retried by the SDK with backoff, as configured in {@link
 * AwsRdsGateway}, against a local HTTP server that answers as RDS does (moto never throttles); the
 * operator's RDS meters count each call once by its final outcome, and each throttled attempt.
 */
class AwsRdsGatewayRetryTest {

  private static final String EMPTY_LIST =
      "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
          + "<DescribeDBInstancesResult><DBInstances/></DescribeDBInstancesResult>"
          + "<ResponseMetadata><RequestId>ok</RequestId></ResponseMetadata>"
          + "</DescribeDBInstancesResponse>";

  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Instant> requests = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RdsApiMeters meters = new RdsApiMeters(registry);
  private HttpServer server;
  private AwsRdsGateway gateway;

  private record Answer(int status, String body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    gateway = gatewayTo(server.getAddress().getPort());
  }

  /** The operator's gateway, its meters in {@link #registry}, to RDS on that local port. */
  private AwsRdsGateway gatewayTo(int port) {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_OVERRIDE", "http://127.0.0.1:" + port));
    return new AwsRdsGateway(
        () ->
            AwsRdsClients.builder(config.rds(), meters)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build());
  }

  @AfterEach
  void stop() {
    gateway.close();
    server.stop(0);
  }

  @Test
  void aThrottlingBurstIsRetriedWithBackoffAndSucceeds() {
    script.add(error(400, "Throttling", "Rate exceeded"));
    script.add(error(400, "Throttling", "Rate exceeded"));
    script.add(new Answer(200, EMPTY_LIST));

    assertThat(gateway.describeManaged()).isEmpty();

    assertThat(requests).hasSize(3);
    assertThat(calls("DescribeDBInstances", "none")).isEqualTo(1);
    assertThat(calls("DescribeDBInstances", "Throttling")).isZero();
    assertThat(throttledAttempts("DescribeDBInstances"))
        .as("what the final outcome hides")
        .isEqualTo(2);
  }

  @Test
  void serverErrorsAreRetried() {
    script.add(error(500, "InternalFailure", "try again"));
    script.add(error(503, "ServiceUnavailable", "try again"));
    script.add(new Answer(200, EMPTY_LIST));

    assertThat(gateway.describeManaged()).isEmpty();
    assertThat(requests).hasSize(3);
    assertThat(calls("DescribeDBInstances", "none")).isEqualTo(1);
    assertThat(throttledAttempts("DescribeDBInstances")).as("not throttling").isZero();
  }

  @Test
  void throttlingThatOutlastsTheRetriesIsATransientErrorWithItsCode() {
    for (int i = 0; i < 10; i++) {
      script.add(error(400, "Throttling", "Rate exceeded"));
    }

    assertThatThrownBy(() -> gateway.describeManaged())
        .isInstanceOfSatisfying(
            RdsRequestException.class,
            e -> {
              assertThat(e.code()).isEqualTo("Throttling");
              assertThat(e.isTransient()).isTrue();
            });
    assertThat(requests).as("five attempts").hasSize(5);
    Duration waited = Duration.between(requests.get(0), requests.get(requests.size() - 1));
    assertThat(waited).as("with backoff between them").isGreaterThan(Duration.ofMillis(100));
    assertThat(calls("DescribeDBInstances", "Throttling")).isEqualTo(1);
    assertThat(throttledAttempts("DescribeDBInstances")).isEqualTo(5);
  }

  @Test
  void everyOperationHasItsSeriesAtZeroBeforeItsFirstCall() {
    for (String operation : AwsRdsGateway.OPERATIONS) {
      assertThat(
              registry
                  .get("taskoverflow.rds.api.calls")
                  .tags("action", operation, "error_code", "none")
                  .counter()
                  .count())
          .isZero();
      assertThat(
              registry
                  .get("taskoverflow.rds.api.throttled.attempts")
                  .tags("action", operation)
                  .counter()
                  .count())
          .isZero();
    }
  }

  @Test
  void anInvalidRequestIsNotRetried() {
    script.add(error(400, "InvalidParameterValue", "Invalid DB instance class"));

    assertThatThrownBy(() -> gateway.describeManaged())
        .isInstanceOfSatisfying(
            RdsRequestException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidParameterValue");
              assertThat(e.isTransient()).isFalse();
              assertThat(e.getMessage()).contains("Invalid DB instance class");
            });
    assertThat(requests).hasSize(1);
    assertThat(calls("DescribeDBInstances", "InvalidParameterValue")).isEqualTo(1);
  }

  @Test
  void aCallAwsNeverAnsweredCountsAsAClientFailure() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (AwsRdsGateway unreachable = gatewayTo(closedPort)) {
      assertThatThrownBy(unreachable::describeManaged).isInstanceOf(RdsRequestException.class);
    }

    assertThat(calls("DescribeDBInstances", "client")).isEqualTo(1);
    assertThat(throttledAttempts("DescribeDBInstances")).isZero();
  }

  @Test
  void missingRegionOrCredentialsAreSettingsToFixNotNetworkTrouble() {
    RdsGateway noRegion =
        new AwsRdsGateway(
            () -> {
              throw SdkClientException.create(
                  "Unable to load region from any of the providers in the chain");
            });
    RdsGateway noCredentials =
        new AwsRdsGateway(
            () -> {
              throw SdkClientException.create(
                  "Unable to load credentials from any of the providers in the chain");
            });

    assertThatThrownBy(noRegion::describeManaged)
        .isInstanceOfSatisfying(
            RdsRequestException.class,
            e -> {
              assertThat(e.code()).isEqualTo("RegionNotConfigured");
              assertThat(e.isTransient()).isFalse();
            });
    assertThatThrownBy(noCredentials::describeManaged)
        .isInstanceOfSatisfying(
            RdsRequestException.class, e -> assertThat(e.code()).isEqualTo("CredentialsNotFound"));
  }

  /** taskoverflow_rds_api_calls_total{action,error_code}. */
  private double calls(String action, String errorCode) {
    Counter counter =
        registry
            .find("taskoverflow.rds.api.calls")
            .tags("action", action, "error_code", errorCode)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /** taskoverflow_rds_api_throttled_attempts_total{action}. */
  private double throttledAttempts(String action) {
    Counter counter =
        registry.find("taskoverflow.rds.api.throttled.attempts").tags("action", action).counter();
    return counter == null ? 0 : counter.count();
  }

  private synchronized void answer(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    requests.add(Instant.now());
    Answer answer = script.isEmpty() ? new Answer(200, EMPTY_LIST) : script.poll();
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Answer error(int status, String code, String message) {
    return new Answer(
        status,
        "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error>"
            + "<Type>Sender</Type><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error><RequestId>r</RequestId></ErrorResponse>");
  }
}
