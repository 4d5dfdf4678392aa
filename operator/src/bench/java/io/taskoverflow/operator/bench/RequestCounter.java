package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.taskoverflow.operator.testsupport.RequestKey;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the benchmark driver itself sends, named as the API server's metrics name
 * them, so that they can be taken out of the server's totals to leave the operator's.
 */
final class RequestCounter implements Interceptor {

  private static final String APPLY_PATCH = "application/apply-patch+yaml";

  private final Map<RequestKey, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    RequestKey key = classify(request);
    if (key != null) {
      counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  Map<RequestKey, Long> snapshot() {
    Map<RequestKey, Long> snapshot = new TreeMap<>();
    counts.forEach((key, count) -> snapshot.put(key, count.sum()));
    return snapshot;
  }

  /**
   * The verb and resource of a request from its method and path: {@code /api/v1/…} or {@code
   * /apis/<group>/<version>/…}, then {@code namespaces/<ns>/} for namespaced kinds, then {@code
   * <resource>[/<name>[/<subresource>]]}. Null for non-resource paths.
   */
  static RequestKey classify(HttpRequest request) {
    String[] segments =
        Arrays.stream(request.uri().getPath().split("/"))
            .filter(s -> !s.isEmpty())
            .toArray(String[]::new);
    int start = segments.length > 0 && segments[0].equals("api") ? 2 : 3;
    if (segments.length <= start || !(segments[0].equals("api") || segments[0].equals("apis"))) {
      return null;
    }
    String[] rest = Arrays.copyOfRange(segments, start, segments.length);
    if (rest.length >= 3 && rest[0].equals("namespaces")) {
      rest = Arrays.copyOfRange(rest, 2, rest.length);
    }
    String resource = rest[0];
    boolean collection = rest.length == 1;
    String subresource = rest.length >= 3 ? rest[2] : "";
    return new RequestKey(verb(request, collection), resource, subresource);
  }

  private static String verb(HttpRequest request, boolean collection) {
    String query = request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery();
    return switch (request.method()) {
      case "GET" -> query.contains("watch=true") ? "WATCH" : collection ? "LIST" : "GET";
      case "PATCH" -> APPLY_PATCH.equals(contentType(request)) ? "APPLY" : "PATCH";
      case "DELETE" -> collection ? "DELETECOLLECTION" : "DELETE";
      default -> request.method();
    };
  }

  private static String contentType(HttpRequest request) {
    if (request instanceof StandardHttpRequest standard && standard.getContentType() != null) {
      return standard.getContentType();
    }
    return request.header("Content-Type");
  }
}
