package io.taskoverflow.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseConnectionTest {

  private final DatabaseConnection connection =
      new DatabaseConnection("db.svc", 5432, "todo", "todo", "p@ss/w rd+", "sslmode=require");

  @Test
  void uriEncodesCredentialsSoTheyReadBackUnchanged() {
    assertThat(connection.uri())
        .isEqualTo("postgresql://todo:p%40ss%2Fw%20rd%2B@db.svc:5432/todo?sslmode=require");
    assertThat(PostgresUri.parse(connection.uri())).isEqualTo(connection);
  }

  @Test
  void secretDataHasEveryKeyAndTheJdbcUrlHasNoCredentials() {
    assertThat(connection.secretData())
        .containsOnlyKeys("host", "port", "dbname", "username", "password", "uri", "jdbc-url")
        .containsEntry("jdbc-url", "jdbc:postgresql://db.svc:5432/todo?sslmode=require");
  }

  @Test
  void toStringHidesThePassword() {
    assertThat(connection.toString()).doesNotContain("p@ss").contains("****");
  }

  @Test
  void verifiedByLeavesNoTlsSettingOfTheUsersInPlace() {
    DatabaseConnection users =
        new DatabaseConnection(
            "db.svc",
            5432,
            "todo",
            "todo",
            "pw",
            "sslmode=disable&sslfactory=org.postgresql.ssl.NonValidatingFactory&ApplicationName=x");

    DatabaseConnection verified = users.verifiedBy("-----BEGIN CERTIFICATE-----");

    assertThat(verified.parameters())
        .isEqualTo(
            "ApplicationName=x&sslmode=verify-full&sslrootcert=/etc/taskoverflow/database/ca.crt");
    assertThat(verified.secretData()).containsEntry("ca.crt", "-----BEGIN CERTIFICATE-----");
    assertThat(verified.verified()).isTrue();
  }
}
