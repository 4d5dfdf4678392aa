package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's packages form layers: no package imports one that imports it back, directly or
 * through others. Read from the sources, so a move that makes a cycle fails here.
 */
class PackageLayeringTest {

  private static final Path SOURCES = Path.of("src/main/java/io/taskoverflow/operator");

  /** An import of the operator's own code; no group 1: a class of the root package. */
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?io\\.taskoverflow\\.operator\\.(?:([a-z]+)\\.)?[A-Z]",
          Pattern.MULTILINE);

  private static final Path DOC = Path.of("../docs/architecture.md");

  /** A row of the doc's package table: the packages, what they are, what they depend on. */
  private static final Pattern TABLE_ROW =
      Pattern.compile("^\\| (`[a-z]+`(?:, `[a-z]+`)*) \\|[^|]*\\| ([^|]*) \\|$", Pattern.MULTILINE);

  private static final Pattern NAME = Pattern.compile("`([a-z]+)`");

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> imports = imports();
    List<String> cycles = new ArrayList<>();
    for (String start : imports.keySet()) {
      findCycle(start, start, imports, new ArrayList<>(List.of(start)), cycles);
    }
    assertThat(cycles).as("package cycles").isEmpty();
    assertThat(imports).as("packages read").containsKeys("flow", "database", "rds", "aws");
  }

  @Test
  void theArchitectureDocSaysWhatEachPackageDependsOn() throws IOException {
    Map<String, Set<String>> imports = imports();
    Map<String, Set<String>> documented = new TreeMap<>();
    Matcher row = TABLE_ROW.matcher(Files.readString(DOC));
    while (row.find()) {
      Set<String> dependsOn = new TreeSet<>();
      NAME.matcher(row.group(2)).results().forEach(name -> dependsOn.add(name.group(1)));
      NAME.matcher(row.group(1))
          .results()
          .forEach(name -> documented.put(name.group(1), dependsOn));
    }
    Map<String, Set<String>> actual = new TreeMap<>(imports);
    actual.remove("");
    assertThat(documented).as("the package table of %s", DOC).isEqualTo(actual);
  }

  /** Each package (the root is "") and the packages of the operator it imports. */
  static Map<String, Set<String>> imports() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path dir = SOURCES.relativize(file.getParent());
        String pkg = dir.toString().replace('/', '.');
        Matcher m = IMPORT.matcher(Files.readString(file));
        Set<String> to = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
        while (m.find()) {
          String imported = m.group(1) == null ? "" : m.group(1);
          if (!imported.equals(pkg)) {
            to.add(imported);
          }
        }
      }
    }
    return graph;
  }

  private static void findCycle(
      String start,
      String at,
      Map<String, Set<String>> imports,
      List<String> path,
      List<String> cycles) {
    for (String next : imports.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (!path.contains(next) && next.compareTo(start) > 0) {
        path.add(next);
        findCycle(start, next, imports, path, cycles);
        path.remove(path.size() - 1);
      }
    }
  }
}
