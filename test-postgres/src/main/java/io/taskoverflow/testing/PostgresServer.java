package io.taskoverflow.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, throw-away PostgreSQL server from the machine's PostgreSQL binaries, with password
 * authentication on TCP. PostgreSQL refuses to run as root, so under root (CI) its processes run as
 * the unprivileged {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {

  private static final String OS_USER = "postgres";

  private final Path binaries;
  private final Path dataDir;
  private final int port;
  private final String superuserPassword = UUID.randomUUID().toString();

  private PostgresServer(Path binaries, Path dataDir, int port) {
    this.binaries = binaries;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Initialises a new cluster in a temporary directory and starts it on a free port. */
  public static PostgresServer start() throws IOException {
    return start(findBinaries());
  }

  /** The same with the server programs (initdb, pg_ctl, postgres) of {@code binaries}. */
  public static PostgresServer start(Path binaries) throws IOException {
    Path root = Files.createTempDirectory("taskoverflow-pg");
    PostgresServer server = new PostgresServer(binaries, root.resolve("data"), freePort());
    server.initdb(root);
    server.startServer();
    return server;
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** Creates a login role owning a new database of the same name. */
  public void createDatabase(String name, String password) throws SQLException {
    try (Connection connection = superuser("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE ROLE " + name + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
      statement.execute("CREATE DATABASE " + name + " OWNER " + name);
    }
  }

  public Connection superuser(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host() + ":" + port + "/" + database, "postgres", superuserPassword);
  }

  /**
   * Serves TLS from now on with this certificate and key (PEM), as {@code tls.crt} and {@code
   * tls.key} of the data directory, the key owned by the server's user with mode 0600 as PostgreSQL
   * demands; loaded by a configuration reload, without a restart. Clients without TLS are still
   * accepted.
   */
  public void useTls(String certificatePem, String privateKeyPem)
      throws IOException, SQLException, InterruptedException {
    Path certificate = dataDir.resolve("tls.crt");
    Path key = dataDir.resolve("tls.key");
    Files.writeString(certificate, certificatePem);
    Files.writeString(key, privateKeyPem);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    if (isRoot()) {
      run("chown", OS_USER, certificate.toString(), key.toString());
    }
    try (Connection connection = superuser("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER SYSTEM SET ssl_cert_file = 'tls.crt'");
      statement.execute("ALTER SYSTEM SET ssl_key_file = 'tls.key'");
      statement.execute("ALTER SYSTEM SET ssl = on");
      statement.execute("SELECT pg_reload_conf()");
    }
    awaitSslOn();
  }

  /** A reload is signalled, not awaited: new sessions show the new value once it has taken. */
  private void awaitSslOn() throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Connection connection = superuser("postgres");
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SHOW ssl")) {
        result.next();
        if (result.getString(1).equals("on")) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ssl is not on 30 s after a reload: see server.log");
      }
      Thread.sleep(100);
    }
  }

  /** Fast shutdown: clients are disconnected, data is kept for {@link #startServer()}. */
  public void stopServer() {
    run(pg("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
  }

  public void startServer() {
    run(
        pg("pg_ctl"),
        "-D",
        dataDir.toString(),
        "-l",
        dataDir.resolveSibling("server.log").toString(),
        "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off",
        "-w",
        "-t",
        "60",
        "start");
  }

  @Override
  public void close() throws IOException {
    stopServer();
    try (Stream<Path> files = Files.walk(dataDir.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private void initdb(Path root) throws IOException {
    Path passwordFile = root.resolve("superuser-password");
    Files.writeString(passwordFile, superuserPassword);
    if (isRoot()) {
      run("chown", "-R", OS_USER, root.toString());
    }
    run(
        pg("initdb"),
        "-D",
        dataDir.toString(),
        "-U",
        "postgres",
        "--pwfile=" + passwordFile,
        "--auth-host=scram-sha-256",
        "--auth-local=peer",
        "-E",
        "UTF8",
        "--locale=C");
  }

  private String pg(String program) {
    return binaries.resolve(program).toString();
  }

  private void run(String... command) {
    List<String> full = new ArrayList<>();
    if (isRoot() && !command[0].equals("chown")) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(List.of(command));
    try {
      Process process =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("failed: " + String.join(" ", full));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + full.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", full), e);
    }
  }

  /** {@code PG_BIN}, else the newest {@code /usr/lib/postgresql/<major>/bin}. */
  private static Path findBinaries() throws IOException {
    String configured = System.getenv("PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        return versions
            .map(version -> version.resolve("bin"))
            .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
            .max(Comparator.comparingInt(bin -> majorVersion(bin.getParent())))
            .orElseThrow(PostgresServer::missing);
      }
    }
    throw missing();
  }

  private static int majorVersion(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static IllegalStateException missing() {
    return new IllegalStateException(
        "PostgreSQL server binaries not found: apt-get install postgresql, or set PG_BIN");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
