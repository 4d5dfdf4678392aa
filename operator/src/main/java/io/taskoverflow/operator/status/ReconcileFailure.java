package io.taskoverflow.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.taskoverflow.crd.TaskOverflowApi;
import java.io.InterruptedIOException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A reconcile that ended with an exception, attributed to the part that failed: a dependent of the
 * todo service (its condition is AppReady) or of the database (DatabaseReady); where both failed,
 * the database's. The message is one line a user can act on: the root cause's words, never an
 * exception's class, the API server's URL or a stack trace (those are in the operator's log).
 *
 * @param app whether the failing part belongs to the todo service
 * @param reason {@link StallPolicy#NAME_TAKEN} for a name the operator needs that another object
 *     holds (it stalls), else ReconcileError (retried)
 */
public record ReconcileFailure(boolean app, String reason, String message) {

  public static final String RECONCILE_ERROR = "ReconcileError";

  /** Fabric8's prefix: "Failure executing: PATCH at: https://…/services/x?fieldManager=… ." */
  private static final Pattern REQUEST = Pattern.compile("Failure executing: \\S+ at: \\S+\\s*");

  private static final Pattern URL = Pattern.compile("https?://\\S+");

  /** A qualified class name, e.g. io.fabric8.kubernetes.client.KubernetesClientException. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*:?\\s*");

  private static final String INTERNAL =
      "the operator could not complete the reconcile and retries it; its log has the details";

  public static ReconcileFailure of(Exception e, Set<String> appDependents) {
    Optional<AggregatedOperatorException> aggregated = aggregated(e);
    if (aggregated.isPresent() && !aggregated.get().getAggregatedExceptions().isEmpty()) {
      // The database's failure first: it explains the app's, whatever the nodes are called.
      Map.Entry<String, Exception> first =
          aggregated.get().getAggregatedExceptions().entrySet().stream()
              .min(
                  Comparator.comparing(
                          (Map.Entry<String, Exception> failed) ->
                              appDependents.contains(failed.getKey()))
                      .thenComparing(Map.Entry.comparingByKey()))
              .orElseThrow();
      Throwable root = root(first.getValue());
      return new ReconcileFailure(
          appDependents.contains(first.getKey()),
          reason(root),
          first.getKey() + ": " + message(root));
    }
    Throwable root = root(e);
    return new ReconcileFailure(false, reason(root), message(root));
  }

  /**
   * Whether the reconcile failed only because the operator is stopping: JOSDK interrupts the
   * reconcilers' threads, and fabric8 reports a request interrupted that way as an
   * InterruptedIOException. Such a failure says nothing about the resource.
   */
  public static boolean cutShortByStop(Exception e) {
    return Thread.currentThread().isInterrupted()
        || interrupted(e)
        || aggregated(e).stream()
            .flatMap(all -> all.getAggregatedExceptions().values().stream())
            .anyMatch(ReconcileFailure::interrupted);
  }

  private static boolean interrupted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /** JOSDK may hand the workflow's exception over wrapped. */
  private static Optional<AggregatedOperatorException> aggregated(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AggregatedOperatorException found) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  private static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String reason(Throwable root) {
    return nameTaken(root).isPresent() ? StallPolicy.NAME_TAKEN : RECONCILE_ERROR;
  }

  private static String message(Throwable root) {
    return nameTaken(root).orElseGet(() -> oneLine(words(root)));
  }

  /** The API server's own words where it answered, else the exception's message. */
  private static String words(Throwable root) {
    if (root instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null
        && !k.getStatus().getMessage().isBlank()) {
      return k.getStatus().getMessage();
    }
    return root.getMessage() == null ? "" : root.getMessage();
  }

  /**
   * One line without request URLs, class names or stack frames; a fixed line if nothing is left.
   */
  static String oneLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    line = REQUEST.matcher(line).replaceAll("");
    line = URL.matcher(line).replaceAll("the API server");
    line = CLASS_NAME.matcher(line).replaceAll("").strip();
    if (line.isEmpty() || line.contains("Exception") || line.contains("\tat ")) {
      return INTERNAL;
    }
    return line;
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
