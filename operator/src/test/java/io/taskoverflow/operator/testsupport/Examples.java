package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample resources of {@code examples/}, as users apply them, and the alternatives they show
 * commented out.
 */
public final class Examples {

  public static final Path DIRECTORY = Path.of("..", "examples");

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private Examples() {}

  /** Every example file, in name order. */
  public static List<Path> all() {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GenericKubernetesResource read(Path example) {
    return parse(text(example));
  }

  /**
   * The example with the commented-out block of field {@code key} of {@code spec} in effect: the
   * line {@code " # <key>:"} and the more indented commented lines after it lose their {@code "#
   * "}, as a user who takes that alternative would edit the file.
   */
  public static GenericKubernetesResource withAlternative(Path example, String key) {
    String opening = "  # " + key + ":";
    List<String> lines = new ArrayList<>();
    boolean inBlock = false;
    boolean found = false;
    for (String line : text(example).split("\n", -1)) {
      if (line.equals(opening) || line.startsWith(opening + " ")) {
        inBlock = true;
        found = true;
        lines.add("  " + line.substring(4));
      } else if (inBlock && line.startsWith("  #   ")) {
        lines.add("  " + line.substring(4));
      } else {
        inBlock = false;
        lines.add(line);
      }
    }
    if (!found) {
      throw new AssertionError(example + " has no commented-out " + key + " block");
    }
    return parse(String.join("\n", lines));
  }

  private static String text(Path example) {
    try {
      return Files.readString(example);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GenericKubernetesResource parse(String yaml) {
    return YAML.unmarshal(yaml, GenericKubernetesResource.class);
  }
}
