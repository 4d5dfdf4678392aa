package io.taskoverflow.operator.database;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the todo service reaches its database, in whatever mode it was provisioned. Becomes the
 * connection Secret; {@link #toString()} never shows the password.
 */
public record DatabaseConnection(
    String host, int port, String dbname, String username, String password, String parameters) {

  /** PostgreSQL's own port, where a URI names none. */
  public static final int DEFAULT_PORT = 5432;

  /** {@code postgresql://user:password@host:port/dbname}, credentials percent-encoded. */
  public String uri() {
    String uri =
        "postgresql://"
            + encode(username)
            + ":"
            + encode(password)
            + "@"
            + hostPort()
            + "/"
            + dbname;
    return parameters.isEmpty() ? uri : uri + "?" + parameters;
  }

  /** JDBC URL without credentials, for tools that take user and password apart. */
  public String jdbcUrl() {
    String url = "jdbc:postgresql://" + hostPort() + "/" + dbname;
    return parameters.isEmpty() ? url : url + "?" + parameters;
  }

  /** The keys of the connection Secret. */
  public Map<String, String> secretData() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("host", host);
    data.put("port", Integer.toString(port));
    data.put("dbname", dbname);
    data.put("username", username);
    data.put("password", password);
    data.put("uri", uri());
    data.put("jdbc-url", jdbcUrl());
    return data;
  }

  @Override
  public String toString() {
    return "postgresql://" + username + ":****@" + hostPort() + "/" + dbname;
  }

  private String hostPort() {
    return host + ":" + port;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
