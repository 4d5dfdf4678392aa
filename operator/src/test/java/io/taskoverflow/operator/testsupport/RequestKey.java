package io.taskoverflow.operator.testsupport;

/**
 * One series of the API server's {@code apiserver_request_total}: the verb as the server names it
 * (GET, LIST, WATCH, POST, PUT, PATCH, APPLY, DELETE …) and the resource with its subresource.
 */
public record RequestKey(String verb, String resource, String subresource)
    implements Comparable<RequestKey> {

  public String target() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  @Override
  public int compareTo(RequestKey other) {
    int byTarget = target().compareTo(other.target());
    return byTarget != 0 ? byTarget : verb.compareTo(other.verb);
  }
}
