package io.taskoverflow.operator.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The classic deployment, {@code terraform/ecs-baseline}, applied against the emulated AWS as a
 * team has it running: a copy of the repository's Terraform tree pointed at the AWS endpoint
 * ({@code scripts/terraform-on-moto.sh}), its variables in {@code terraform.tfvars} as a team keeps
 * them. Commands of the documents run from {@link #directory()}, as from the repository's root.
 */
final class EcsBaseline {

  private final Path directory;
  private final Path root;

  private EcsBaseline(Path directory, Path root) {
    this.directory = directory;
    this.root = root;
  }

  /** Copies and initializes the root for {@code endpoint}, then applies it. */
  static EcsBaseline apply(URI endpoint, String todoImage)
      throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("ecs-baseline");
    Path root =
        Path.of(
            Commands.output(
                    List.of(
                        KindCluster.REPOSITORY.resolve("scripts/terraform-on-moto.sh").toString(),
                        "ecs-baseline",
                        endpoint.toString(),
                        directory.toString()),
                    KindCluster.REPOSITORY,
                    Map.of(),
                    Duration.ofMinutes(5))
                .strip());
    // A minor version: moto names the default parameter group of a bare major ("17") wrongly
    // (default.postgres), which the next apply would try to correct and moto then refuses.
    Files.writeString(
        root.resolve("terraform.tfvars"),
        "todo_image = \"" + todoImage + "\"\ndb_engine_version = \"17.4\"\n");
    EcsBaseline baseline = new EcsBaseline(directory, root);
    long started = System.nanoTime();
    baseline.terraform("apply", "-auto-approve", "-input=false", "-no-color");
    KindCluster.note(
        "time ecs-baseline apply against moto: %s s", KindCluster.secondsSince(started));
    return baseline;
  }

  /** Where the copy of the repository's Terraform tree is: the documents' commands run here. */
  Path directory() {
    return directory;
  }

  /** A root output, as {@code terraform output -raw} prints it. */
  String output(String name) throws IOException, InterruptedException {
    return terraform("output", "-raw", name);
  }

  private String terraform(String... arguments) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("terraform", "-chdir=" + root));
    command.addAll(List.of(arguments));
    return Commands.output(command, directory, Map.of(), Duration.ofMinutes(10));
  }
}
