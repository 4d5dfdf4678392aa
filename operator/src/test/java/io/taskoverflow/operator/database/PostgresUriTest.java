package io.taskoverflow.operator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresUriTest {

  @Test
  void readsEveryPartAndDecodesCredentials() {
    DatabaseConnection connection =
        PostgresUri.parse(
            "postgres://us%40er:p%2Fw%20d+x@db.example.com:6543/todo?sslmode=require");
    assertThat(connection.host()).isEqualTo("db.example.com");
    assertThat(connection.port()).isEqualTo(6543);
    assertThat(connection.dbname()).isEqualTo("todo");
    assertThat(connection.username()).isEqualTo("us@er");
    assertThat(connection.password()).isEqualTo("p/w d+x");
    assertThat(connection.parameters()).isEqualTo("sslmode=require");
  }

  @Test
  void defaultPortIs5432() {
    assertThat(PostgresUri.parse("postgresql://u:p@h/db").port()).isEqualTo(5432);
  }

  @ParameterizedTest
  @CsvSource({
    "mysql://u:secret@h/db, must start with postgresql://",
    "postgresql://u:secret@h, has no database name",
    "postgresql://h/db, has no user name and password",
    "'postgresql://u:secret@h:port/db', has an invalid host or port",
    "'postgresql://u:secret@bad host/db', is not a valid URI"
  })
  void rejectsWithAMessageThatHidesTheUri(String uri, String message) {
    assertThatThrownBy(() -> PostgresUri.parse(uri))
        .hasMessageContaining(message)
        .message()
        .doesNotContain("secret");
  }
}
