package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests the API server has served, per verb and resource, from its Prometheus {@code /metrics}.
 * The counter is incremented when a request completes, so a watch still open is not in it.
 */
public final class ApiServerRequests {

  /** The resources the operator reads and writes; requests to others are the server's own. */
  public static final Set<String> OPERATOR_RESOURCES =
      Set.of(
          "taskoverflows",
          "secrets",
          "services",
          "statefulsets",
          "deployments",
          "ingresses",
          "networkpolicies",
          "events");

  private static final Pattern REQUEST_TOTAL =
      Pattern.compile("^apiserver_request_total\\{([^}]*)} (\\d+(?:\\.\\d+)?(?:e\\+\\d+)?)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiServerRequests() {}

  /** Totals since the server started; requests to non-resource paths (/metrics …) are left out. */
  public static Map<RequestKey, Long> read(KubernetesClient client) {
    Map<RequestKey, Long> totals = new TreeMap<>();
    for (String line : client.raw("/metrics").split("\n")) {
      Matcher total = REQUEST_TOTAL.matcher(line);
      if (!total.matches()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher label = LABEL.matcher(total.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String resource = labels.getOrDefault("resource", "");
      if (resource.isEmpty()) {
        continue;
      }
      RequestKey key =
          new RequestKey(
              labels.getOrDefault("verb", ""), resource, labels.getOrDefault("subresource", ""));
      // One series per response code (and scope, component): add them up.
      totals.merge(key, (long) Double.parseDouble(total.group(2)), Long::sum);
    }
    return totals;
  }

  /** {@code after - before} per key, keeping only keys that grew. */
  public static Map<RequestKey, Long> delta(
      Map<RequestKey, Long> before, Map<RequestKey, Long> after) {
    Map<RequestKey, Long> delta = new TreeMap<>();
    after.forEach(
        (key, value) -> {
          long change = value - before.getOrDefault(key, 0L);
          if (change != 0) {
            delta.put(key, change);
          }
        });
    return delta;
  }
}
