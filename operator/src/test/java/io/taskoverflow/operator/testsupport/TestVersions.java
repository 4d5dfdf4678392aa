package io.taskoverflow.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Versions pinned in {@code scripts/lib-test-versions.sh}, read from there so that the tests start
 * exactly the binaries the scripts built, with no second copy of the version to keep in step.
 */
final class TestVersions {

  /** Set by failsafe in operator/pom.xml; the fallback works when the module dir is the cwd. */
  private static final String FILE_PROPERTY = "taskoverflow.testVersionsFile";

  private TestVersions() {}

  static String kubernetes() {
    return read("K8S_VERSION");
  }

  private static String read(String key) {
    Path file = Path.of(System.getProperty(FILE_PROPERTY, "../scripts/lib-test-versions.sh"));
    String prefix = key + "=";
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .map(String::strip)
          .filter(line -> line.startsWith(prefix))
          .map(line -> line.substring(prefix.length()))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(key + " is not set in " + file));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the pinned test versions from " + file.toAbsolutePath(), e);
    }
  }
}
