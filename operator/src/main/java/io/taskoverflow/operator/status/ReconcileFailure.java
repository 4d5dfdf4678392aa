package io.taskoverflow.operator.status;

import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * A reconcile that ended with an exception, attributed to the part that failed: a dependent of the
 * todo service (its condition is AppReady) or of the database (DatabaseReady). The message is the
 * root cause's, never a stack trace.
 *
 * @param app whether the failing part belongs to the todo service
 */
public record ReconcileFailure(boolean app, String message) {

  public static ReconcileFailure of(Exception e, Set<String> appDependents) {
    if (e instanceof AggregatedOperatorException aggregated
        && !aggregated.getAggregatedExceptions().isEmpty()) {
      Map.Entry<String, Exception> first =
          aggregated.getAggregatedExceptions().entrySet().stream()
              .min(Map.Entry.comparingByKey(Comparator.naturalOrder()))
              .orElseThrow();
      return new ReconcileFailure(
          appDependents.contains(first.getKey()),
          first.getKey() + ": " + rootMessage(first.getValue()));
    }
    return new ReconcileFailure(false, rootMessage(e));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
