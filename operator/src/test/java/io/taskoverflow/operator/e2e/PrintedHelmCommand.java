package io.taskoverflow.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code helm upgrade --install} command that {@code terraform/eks} prints (its output {@code
 * helm_install_command}), made by the module that makes it there ({@code
 * terraform/eks/modules/helm-install-command}), with this cluster's image repositories in place of
 * ECR's and the emulated AWS's region, subnet group and security group in place of those Terraform
 * created. The scenario runs it as printed, with its own flags after it; so what users are told to
 * run is what the test installs.
 */
final class PrintedHelmCommand {

  static final Path MODULE =
      KindCluster.REPOSITORY.resolve("terraform/eks/modules/helm-install-command");

  private PrintedHelmCommand() {}

  /** The text Terraform prints for these module variables (rendered offline: no provider). */
  static String render(Map<String, String> variables) throws IOException, InterruptedException {
    Path copy = Files.createTempDirectory("helm-install-command");
    try {
      try (var files = Files.list(MODULE)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
          Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
      terraform(copy, "init", "-input=false", "-no-color");
      List<String> apply =
          new ArrayList<>(List.of("apply", "-auto-approve", "-input=false", "-no-color"));
      variables.forEach((name, value) -> apply.add("-var=" + name + "=" + value));
      terraform(copy, apply.toArray(String[]::new));
      return terraform(copy, "output", "-raw", "command");
    } finally {
      try (var paths = Files.walk(copy)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /**
   * Runs {@code command} with bash from the repository's root, as a user pastes it there, with
   * {@code moreArguments} appended to its last line, using the helm the script uses on this
   * cluster's context.
   */
  static void run(String command, List<String> moreArguments)
      throws IOException, InterruptedException {
    StringBuilder line = new StringBuilder(command);
    if (!KindCluster.CONTEXT.isEmpty()) {
      line.append(" --kube-context ").append(KindCluster.CONTEXT);
    }
    moreArguments.forEach(
        argument -> line.append(" '").append(argument.replace("'", "'\\''")).append("'"));
    Path helm = Path.of(KindCluster.HELM);
    Map<String, String> path =
        helm.getParent() == null
            ? Map.of()
            : Map.of("PATH", helm.getParent() + ":" + System.getenv("PATH"));
    Commands.output(
        List.of("bash", "-euo", "pipefail", "-c", line.toString()),
        KindCluster.REPOSITORY,
        path,
        Duration.ofMinutes(5));
  }

  private static String terraform(Path directory, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("terraform"));
    command.addAll(List.of(arguments));
    return Commands.output(
        command, directory, Map.of("TF_IN_AUTOMATION", "1"), Duration.ofMinutes(2));
  }
}
