package io.taskoverflow.todo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  @Test
  void defaults_apply_when_only_the_database_is_set() {
    AppConfig config = AppConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u:p@h/db"));
    assertThat(config.port()).isEqualTo(6400);
    assertThat(config.metricsPort()).isEqualTo(9400);
    assertThat(config.poolSize()).isEqualTo(10);
    assertThat(config.databaseWait()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void sqlalchemy_database_uri_wins_over_database_url() {
    AppConfig config =
        AppConfig.fromEnv(
            Map.of(
                "SQLALCHEMY_DATABASE_URI", "postgresql://u:p@first/db",
                "DATABASE_URL", "postgresql://u:p@second/db"));
    assertThat(config.database().host()).isEqualTo("first");
  }

  @Test
  void settings_are_read() {
    AppConfig config =
        AppConfig.fromEnv(
            Map.of(
                "DATABASE_URL", "postgresql://u:p@h/db",
                "PORT", "8080",
                "METRICS_PORT", "9090",
                "DB_POOL_SIZE", "4",
                "DB_WAIT_SECONDS", "5"));
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.metricsPort()).isEqualTo(9090);
    assertThat(config.poolSize()).isEqualTo(4);
    assertThat(config.databaseWait()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void missing_database_names_both_settings() {
    assertThatThrownBy(() -> AppConfig.fromEnv(Map.of()))
        .hasMessageContaining("SQLALCHEMY_DATABASE_URI")
        .hasMessageContaining("DATABASE_URL");
  }

  @Test
  void invalid_number_names_the_setting() {
    assertThatThrownBy(
            () -> AppConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u:p@h/db", "PORT", "x")))
        .hasMessageStartingWith("PORT must be an integer");
  }

  @Test
  void metrics_on_the_api_port_is_refused() {
    assertThatThrownBy(
            () ->
                AppConfig.fromEnv(
                    Map.of("DATABASE_URL", "postgresql://u:p@h/db", "METRICS_PORT", "6400")))
        .hasMessage("METRICS_PORT must differ from PORT (6400)");
  }
}
