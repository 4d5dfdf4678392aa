package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdsIdentifierTest {

  /** What RDS accepts for DBInstanceIdentifier. */
  private static final String VALID = "^[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$";

  @ParameterizedTest
  @CsvSource({
    "default, demo",
    "team-a, todo",
    "1-numeric-namespace, demo",
    "a-very-long-namespace-name-that-goes-on-and-on-and-on-abcdefghij, a-resource-name-near-forty-chars-long-x",
    "ns--with--double-hyphens, app",
    "x, y"
  })
  void derivedIdentifiersAreValidForRdsAndStable(String namespace, String name) {
    String identifier = RdsIdentifier.derive(namespace, name);

    assertThat(identifier).matches(VALID).hasSizeLessThanOrEqualTo(63);
    assertThat(RdsIdentifier.derive(namespace, name)).isEqualTo(identifier);
  }

  @Test
  void aShortPairStaysReadable() {
    assertThat(RdsIdentifier.derive("default", "demo")).startsWith("default-demo-").hasSize(23);
  }

  @Test
  void pairsThatJoinToTheSameTextGetDistinctIdentifiers() {
    assertThat(RdsIdentifier.derive("a", "b-c")).isNotEqualTo(RdsIdentifier.derive("a-b", "c"));
    String longNamespace = "n".repeat(60);
    assertThat(RdsIdentifier.derive(longNamespace, "first"))
        .as("identical after truncation, told apart by the hash")
        .isNotEqualTo(RdsIdentifier.derive(longNamespace, "second"));
  }

  @Test
  void manyResourcesNeverCollide() {
    Set<String> seen = new HashSet<>();
    for (int ns = 0; ns < 100; ns++) {
      for (int name = 0; name < 100; name++) {
        assertThat(seen.add(RdsIdentifier.derive("team-" + ns, "todo-" + name))).isTrue();
      }
    }
  }

  @Test
  void theFinalSnapshotIsNamedAfterTheDeletion() {
    String snapshot =
        RdsIdentifier.finalSnapshot("default-demo-0123456789", "2025-03-04T05:06:07Z");

    assertThat(snapshot)
        .isEqualTo("default-demo-0123456789-final-20250304t050607z")
        .matches("^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$");
  }
}
