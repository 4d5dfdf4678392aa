package io.taskoverflow.todo.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A PostgreSQL connection URI in the form existing TaskOverflow deployments use ({@code
 * postgresql://user:pass@host:port/db}). The password never appears in {@link #toString()}, so the
 * value is safe to log.
 */
public record DatabaseUri(
    String host, int port, String database, String username, String password, String query) {

  private static final Set<String> SCHEMES =
      Set.of("postgresql", "postgres", "postgresql+psycopg2");
  private static final int DEFAULT_PORT = 5432;

  /** Parses a URI; the message of the exception names what is wrong but never echoes the URI. */
  public static DatabaseUri parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("database URI is not a valid URI");
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
      throw new IllegalArgumentException(
          "database URI must start with postgresql://, postgres:// or postgresql+psycopg2://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("database URI has no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = decode(path.startsWith("/") ? path.substring(1) : path);
    if (database.isEmpty()) {
      throw new IllegalArgumentException("database URI has no database name");
    }
    String username = "";
    String password = "";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return new DatabaseUri(uri.getHost(), port, database, username, password, query);
  }

  /**
   * The JDBC URL, without credentials (they are handed to the driver separately); query parameters
   * such as {@code sslmode} are passed through.
   */
  public String jdbcUrl() {
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
    return query.isEmpty() ? url : url + "?" + query;
  }

  @Override
  public String toString() {
    return "postgresql://" + username + ":****@" + host + ":" + port + "/" + database;
  }

  // URLDecoder would turn '+' into a space, which is wrong for URI user info and paths.
  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
