package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.aws.RdsRequestException;

/**
 * Why the RDS instance of a resource is not what it should be: the AWS error code (or a reason of
 * the operator's own, such as NetworkNotConfigured) and a message for the DatabaseReady condition.
 *
 * @param actionRequired only a change by the user (spec, permissions, quota) can fix it
 */
public record RdsProblem(String reason, String message, boolean actionRequired) {

  /** A failed AWS request: transient errors fix themselves, the others need the user. */
  public static RdsProblem of(RdsRequestException e) {
    return new RdsProblem(e.code(), e.getMessage(), !e.isTransient());
  }

  public static RdsProblem needsUser(String reason, String message) {
    return new RdsProblem(reason, message, true);
  }

  public static RdsProblem waiting(String reason, String message) {
    return new RdsProblem(reason, message, false);
  }
}
