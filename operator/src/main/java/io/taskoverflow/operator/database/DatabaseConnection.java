package io.taskoverflow.operator.database;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the todo service reaches its database, in whatever mode it was provisioned. Becomes the
 * connection Secret; {@link #toString()} never shows the password.
 *
 * @param caCertificate the PEM certificates the server's certificate is verified against, or null
 *     where the connection is not verified
 */
public record DatabaseConnection(
    String host,
    int port,
    String dbname,
    String username,
    String password,
    String parameters,
    String caCertificate) {

  /**
   * The role the todo pods log in as where the operator makes it (InCluster, RDS): it owns the todo
   * database and nothing else, and is no superuser.
   */
  public static final String APP_ROLE = "todo_app";

  /** The connection Secret's key with the CA certificates, when the connection is verified. */
  public static final String CA_KEY = "ca.crt";

  /** Where the todo pods find the connection Secret's {@link #CA_KEY}. */
  public static final String MOUNT_PATH = "/etc/taskoverflow/database";

  /** A connection whose server is not verified (yet). */
  public DatabaseConnection(
      String host, int port, String dbname, String username, String password, String parameters) {
    this(host, port, dbname, username, password, parameters, null);
  }

  /**
   * The same connection over TLS only, the server's certificate checked against {@code caPem} and
   * its name against {@link #host()} (libpq's and the JDBC driver's {@code verify-full}). Every TLS
   * setting of the parameters ({@code ssl…}: a factory that verifies nothing, say) gives way.
   */
  public DatabaseConnection verifiedBy(String caPem) {
    String kept =
        Arrays.stream(parameters.split("&"))
            .filter(p -> !p.isEmpty() && !p.startsWith("ssl"))
            .collect(Collectors.joining("&"));
    String tls = "sslmode=verify-full&sslrootcert=" + MOUNT_PATH + "/" + CA_KEY;
    return new DatabaseConnection(
        host,
        port,
        dbname,
        username,
        password,
        Stream.of(kept, tls).filter(p -> !p.isEmpty()).collect(Collectors.joining("&")),
        caPem);
  }

  /** Whether the server's certificate and name are verified. */
  public boolean verified() {
    return caCertificate != null;
  }

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
    if (verified()) {
      data.put(CA_KEY, caCertificate);
    }
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
