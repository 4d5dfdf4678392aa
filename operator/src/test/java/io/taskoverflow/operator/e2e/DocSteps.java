package io.taskoverflow.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a document, run as written: each is the {@code bash} block after a line {@code <!--
 * test-step: NAME -->}. A step runs with bash in a directory and an environment the scenario gives
 * (where the document says to run from, and the variables it says to set), so the commands a user
 * copies are the commands the test ran.
 */
final class DocSteps {

  private static final Pattern STEP =
      Pattern.compile("<!-- test-step: ([a-z-]+) -->\\n```bash\\n(.*?)```", Pattern.DOTALL);

  private final Path document;
  private final Map<String, String> steps;

  private DocSteps(Path document, Map<String, String> steps) {
    this.document = document;
    this.steps = steps;
  }

  /** The steps of {@code document} (relative to the repository). */
  static DocSteps of(String document) throws IOException {
    Path path = KindCluster.REPOSITORY.resolve(document);
    Map<String, String> steps = new java.util.LinkedHashMap<>();
    Matcher matcher = STEP.matcher(Files.readString(path));
    while (matcher.find()) {
      steps.put(matcher.group(1), matcher.group(2));
    }
    return new DocSteps(path, steps);
  }

  /** The names of the steps, in the document's order. */
  List<String> names() {
    return List.copyOf(steps.keySet());
  }

  /**
   * Runs step {@code name} with bash ({@code -euo pipefail}) in {@code directory}, with {@code
   * environment} added, answering "yes" where a command asks (terraform apply, as a user would
   * after reading its plan); returns its standard output.
   */
  String run(String name, Path directory, Map<String, String> environment)
      throws IOException, InterruptedException {
    String script = steps.get(name);
    if (script == null) {
      throw new AssertionError(document + " has no step " + name + "; it has " + names());
    }
    long started = System.nanoTime();
    String output =
        Commands.output(
            List.of("bash", "-euo", "pipefail", "-c", script),
            directory,
            environment,
            "yes\n",
            Duration.ofMinutes(10));
    KindCluster.note(
        "time step %s of %s: %s s",
        name, document.getFileName(), KindCluster.secondsSince(started));
    return output;
  }
}
