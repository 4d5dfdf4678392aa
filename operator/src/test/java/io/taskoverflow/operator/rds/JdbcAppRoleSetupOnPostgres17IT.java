package io.taskoverflow.operator.rds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link JdbcAppRoleSetupIT} on PostgreSQL 17, RDS's default engine: from 16 on, the master is a
 * member of a role it creates but may not act as it (SET ROLE) until it grants the role to itself,
 * which giving the role the database and its tables needs. The server comes from {@code
 * scripts/test-postgres17.sh} ({@code make test-prepare} runs it).
 */
class JdbcAppRoleSetupOnPostgres17IT extends JdbcAppRoleSetupIT {

  private static final Path BINARIES =
      Path.of(
          System.getenv()
              .getOrDefault("POSTGRES17_BIN", "/var/cache/taskoverflow/postgres-17.6.0/bin"));

  @Override
  Optional<Path> binaries() {
    if (!Files.isExecutable(BINARIES.resolve("postgres"))) {
      throw new IllegalStateException(
          "no PostgreSQL 17 in " + BINARIES + ": run scripts/test-postgres17.sh");
    }
    return Optional.of(BINARIES);
  }
}
