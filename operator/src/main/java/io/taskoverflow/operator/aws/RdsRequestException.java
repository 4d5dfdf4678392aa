package io.taskoverflow.operator.aws;

import java.util.Set;

/**
 * A failed RDS request, after the SDK's own retries, with the AWS error code. The message is AWS's
 * and never holds a password (request parameters are not part of it).
 */
public class RdsRequestException extends RuntimeException {

  /** The code of errors that never reached AWS or got no answer (timeouts, connection refused). */
  public static final String NETWORK = "NetworkError";

  /** Codes that mean "try again later", not "something is wrong with the request". */
  private static final Set<String> TRANSIENT =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled",
          "ServiceUnavailable",
          "InternalFailure",
          "InternalError",
          "RequestTimeout",
          "RequestTimeoutException",
          "PriorRequestNotComplete",
          // Another change to the instance is under way; the next attempt will do.
          "InvalidDBInstanceState",
          NETWORK);

  private final String operation;
  private final String code;

  public RdsRequestException(String operation, String code, String message, Throwable cause) {
    super(operation + ": " + code + ": " + message, cause);
    this.operation = operation;
    this.code = code;
  }

  public RdsRequestException(String operation, String code, String message) {
    this(operation, code, message, null);
  }

  /** The RDS API action, e.g. CreateDBInstance. */
  public String operation() {
    return operation;
  }

  /** The AWS error code, e.g. InvalidParameterValue, AccessDenied, Throttling. */
  public String code() {
    return code;
  }

  /** Whether a later identical request may well succeed without anybody changing anything. */
  public boolean isTransient() {
    return TRANSIENT.contains(code);
  }
}
