package io.taskoverflow.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Command-line tools run by the scenarios (helm, terraform, bash), as a user runs them. */
final class Commands {

  private Commands() {}

  /**
   * Runs {@code command} in {@code directory} with {@code environment} added to this JVM's; returns
   * what it printed on standard output; fails with both outputs unless it exits 0 within {@code
   * within}.
   */
  static String output(
      List<String> command, Path directory, Map<String, String> environment, Duration within)
      throws IOException, InterruptedException {
    return output(command, directory, environment, "", within);
  }

  /** The same, with {@code input} on its standard input. */
  static String output(
      List<String> command,
      Path directory,
      Map<String, String> environment,
      String input,
      Duration within)
      throws IOException, InterruptedException {
    Path errors = Files.createTempFile("command", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectError(errors.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    boolean finished = process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String error = Files.readString(errors, UTF_8);
    Files.delete(errors);
    assertThat(finished).as("%s finished within %s: %s%s", command, within, output, error).isTrue();
    assertThat(process.exitValue())
        .as("%s: %s%s", String.join(" ", command), output, error)
        .isZero();
    return output;
  }
}
