package io.taskoverflow.todo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUriTest {

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "postgres", "postgresql+psycopg2"})
  void accepts_the_schemes_existing_deployments_use(String scheme) {
    DatabaseUri uri = DatabaseUri.parse(scheme + "://app:secret@db.example.com:6543/todo");
    assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/todo");
    assertThat(uri.username()).isEqualTo("app");
    assertThat(uri.password()).isEqualTo("secret");
  }

  @Test
  void percent_encoded_credentials_are_decoded() {
    DatabaseUri uri = DatabaseUri.parse("postgresql://us%3Aer:p%40ss%2Fw%20rd+x@h/db");
    assertThat(uri.username()).isEqualTo("us:er");
    assertThat(uri.password()).isEqualTo("p@ss/w rd+x");
  }

  @Test
  void port_defaults_to_5432_and_query_parameters_pass_through() {
    DatabaseUri uri = DatabaseUri.parse("postgres://u:p@h/db?sslmode=require");
    assertThat(uri.port()).isEqualTo(5432);
    assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
  }

  @Test
  void to_string_hides_the_password() {
    DatabaseUri uri = DatabaseUri.parse("postgresql://app:s3cr%40t@h:5432/db");
    assertThat(uri.toString()).doesNotContain("s3cr").isEqualTo("postgresql://app:****@h:5432/db");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"mysql://u:p@h/db", "postgresql://u:p@h", "postgresql:///db", "not a uri at all"})
  void rejects_what_is_not_a_postgres_uri_without_echoing_it(String text) {
    assertThatThrownBy(() -> DatabaseUri.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(text);
  }
}
