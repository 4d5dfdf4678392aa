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
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?io\\.taskoverflow\\.operator\\.([a-z]+)\\.", Pattern.MULTILINE);

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
          if (!m.group(1).equals(pkg)) {
            to.add(m.group(1));
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
