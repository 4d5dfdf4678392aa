package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.taskoverflow.crd.TaskOverflowApi;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A reconcile that ended with an exception, attributed to the part that failed: a dependent of the
 * todo service (its condition is AppReady) or of the database (DatabaseReady); where both failed,
 * the database's. The message is the root cause's, never a stack trace.
 *
 * @param app whether the failing part belongs to the todo service
 */
public record ReconcileFailure(boolean app, String message) {

  public static ReconcileFailure of(Exception e, Set<String> appDependents) {
    if (e instanceof AggregatedOperatorException aggregated
        && !aggregated.getAggregatedExceptions().isEmpty()) {
      // The database's failure first: it explains the app's, whatever the nodes are called.
      Map.Entry<String, Exception> first =
          aggregated.getAggregatedExceptions().entrySet().stream()
              .min(
                  Comparator.comparing(
                          (Map.Entry<String, Exception> failed) ->
                              appDependents.contains(failed.getKey()))
                      .thenComparing(Map.Entry.comparingByKey()))
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
    return nameTaken(root)
        .orElse(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
  }

  /**
   * A dependent creates its object only if none exists (JOSDK applies it with resourceVersion 1),
   * so an object of the same name that the operator did not make, e.g. a user's Secret {@code
   * <name>-db}, is refused with a 409 and left as it is. Said plainly instead of "the object has
   * been modified".
   */
  private static Optional<String> nameTaken(Throwable root) {
    if (!(root instanceof KubernetesClientException k)
        || k.getCode() != 409
        || k.getStatus() == null
        || k.getStatus().getDetails() == null
        // On the TaskOverflow itself a 409 is a write that raced another; it is retried.
        || TaskOverflowApi.PLURAL.equals(k.getStatus().getDetails().getKind())) {
      return Optional.empty();
    }
    var details = k.getStatus().getDetails();
    return Optional.of(
        details.getKind()
            + " "
            + details.getName()
            + " already exists and was not made by the operator for this TaskOverflow, which"
            + " needs that name: rename or delete it, or give the TaskOverflow another name");
  }
}
