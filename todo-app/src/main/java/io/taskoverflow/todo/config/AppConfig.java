package io.taskoverflow.todo.config;

import java.time.Duration;
import java.util.Map;

/**
 * Settings read once from the environment at startup.
 *
 * @param port the API's port
 * @param metricsPort the port of {@code /metrics}, apart from the API's so that exposing the API (a
 *     LoadBalancer, an Ingress) never exposes the metrics
 */
public record AppConfig(
    DatabaseUri database, int port, int metricsPort, int poolSize, Duration databaseWait) {

  static final int DEFAULT_PORT = 6400;
  static final int DEFAULT_METRICS_PORT = 9400;
  static final int DEFAULT_POOL_SIZE = 10;
  static final Duration DEFAULT_DATABASE_WAIT = Duration.ofSeconds(60);

  /**
   * Reads {@code SQLALCHEMY_DATABASE_URI} (the name existing deployments use) or {@code
   * DATABASE_URL}, {@code PORT}, {@code METRICS_PORT}, {@code DB_POOL_SIZE} and {@code
   * DB_WAIT_SECONDS}.
   *
   * @throws IllegalArgumentException naming the setting that is missing or invalid
   */
  public static AppConfig fromEnv(Map<String, String> env) {
    String uri = env.getOrDefault("SQLALCHEMY_DATABASE_URI", env.get("DATABASE_URL"));
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("set SQLALCHEMY_DATABASE_URI or DATABASE_URL");
    }
    DatabaseUri database;
    try {
      database = DatabaseUri.parse(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SQLALCHEMY_DATABASE_URI/DATABASE_URL: " + e.getMessage());
    }
    int port = intSetting(env, "PORT", DEFAULT_PORT, 0, 65535);
    int metricsPort = intSetting(env, "METRICS_PORT", DEFAULT_METRICS_PORT, 0, 65535);
    if (metricsPort == port && port != 0) {
      throw new IllegalArgumentException("METRICS_PORT must differ from PORT (" + port + ")");
    }
    return new AppConfig(
        database,
        port,
        metricsPort,
        intSetting(env, "DB_POOL_SIZE", DEFAULT_POOL_SIZE, 1, 200),
        Duration.ofSeconds(
            intSetting(env, "DB_WAIT_SECONDS", (int) DEFAULT_DATABASE_WAIT.toSeconds(), 0, 3600)));
  }

  private static int intSetting(
      Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
  }
}
