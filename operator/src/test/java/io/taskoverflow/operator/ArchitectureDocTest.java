package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/architecture.md stays true to the tree: every source file it names exists. */
class ArchitectureDocTest {

  private static final Path DOC = Path.of("../docs/architecture.md");
  private static final Path SOURCES = Path.of("src/main/java/io/taskoverflow/operator");
  private static final Path TESTS = Path.of("src/test/java/io/taskoverflow/operator");
  private static final Pattern FILE = Pattern.compile("`((?:[a-z]+/)?[A-Z]\\w*\\.java)`");

  @Test
  void everyFileItNamesExists() throws IOException {
    List<String> named =
        FILE.matcher(Files.readString(DOC)).results().map(m -> m.group(1)).distinct().toList();
    assertThat(named).as("files named by %s", DOC).hasSizeGreaterThan(20);
    assertThat(named)
        .as("named in %s but not found under %s or %s", DOC, SOURCES, TESTS)
        .filteredOn(
            name -> !Files.exists(SOURCES.resolve(name)) && !Files.exists(TESTS.resolve(name)))
        .isEmpty();
  }
}
