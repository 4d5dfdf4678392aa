package io.taskoverflow.operator.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads the {@code postgresql://} URI of an existing database (mode External). Messages name what
 * is wrong and never repeat the URI, which holds a password.
 */
public final class PostgresUri {

  private static final Set<String> SCHEMES =
      Set.of("postgresql", "postgres", "postgresql+psycopg2");

  private PostgresUri() {}

  /**
   * @throws IllegalArgumentException with a message fit for a status condition
   */
  public static DatabaseConnection parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URI");
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
      throw new IllegalArgumentException("must start with postgresql:// or postgres://");
    }
    if (uri.getHost() == null) {
      // java.net.URI leaves the host empty when the authority does not parse as host:port.
      throw new IllegalArgumentException(
          uri.getRawAuthority() == null ? "has no host" : "has an invalid host or port");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("has no database name");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || !userInfo.contains(":")) {
      throw new IllegalArgumentException("has no user name and password");
    }
    int colon = userInfo.indexOf(':');
    return new DatabaseConnection(
        uri.getHost(),
        uri.getPort() < 0 ? DatabaseConnection.DEFAULT_PORT : uri.getPort(),
        decode(path),
        decode(userInfo.substring(0, colon)),
        decode(userInfo.substring(colon + 1)),
        uri.getRawQuery() == null ? "" : uri.getRawQuery());
  }

  // URLDecoder alone would turn '+' into a space, which is wrong outside form data.
  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
