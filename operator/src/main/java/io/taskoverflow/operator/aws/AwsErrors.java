package io.taskoverflow.operator.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** A failed SDK call as a {@link RdsRequestException} with the AWS error code, or one of ours. */
final class AwsErrors {

  private AwsErrors() {}

  static RdsRequestException of(String operation, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String message =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
      return new RdsRequestException(
          operation, code(service), message == null ? String.valueOf(e.getMessage()) : message, e);
    }
    if (e instanceof SdkClientException client) {
      return new RdsRequestException(
          operation, clientErrorCode(client), String.valueOf(e.getMessage()), e);
    }
    return new RdsRequestException(operation, "SdkError", String.valueOf(e.getMessage()), e);
  }

  /** AWS's error code, e.g. Throttling; for an answer without one, its HTTP status. */
  static String code(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null ? "HTTP" + e.statusCode() : code;
  }

  /**
   * A missing region or missing credentials are settings to fix, not a network hiccup; the SDK
   * reports all of them as client exceptions.
   */
  private static String clientErrorCode(SdkClientException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load region")) {
      return "RegionNotConfigured";
    }
    if (message.contains("Unable to load credentials")) {
      return "CredentialsNotFound";
    }
    return RdsRequestException.NETWORK;
  }
}
