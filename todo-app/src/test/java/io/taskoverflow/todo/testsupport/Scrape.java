package io.taskoverflow.todo.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** A scrape in Prometheus' text format, read back as samples, for tests to assert on. */
public record Scrape(List<Sample> samples) {

  /** One line: {@code name{label="value",...} value}. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  public static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.lines().toList()) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(sample(line));
      }
    }
    return new Scrape(samples);
  }

  /** The samples of this name. */
  public List<Sample> named(String name) {
    return samples.stream().filter(sample -> sample.name().equals(name)).toList();
  }

  /** The value of the one sample of this name that carries at least these labels. */
  public OptionalDouble value(String name, Map<String, String> labels) {
    List<Sample> matching =
        named(name).stream()
            .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    if (matching.size() > 1) {
      throw new AssertionError("several samples " + name + labels + ": " + matching);
    }
    return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(line.substring(0, space), Map.of(), number(line.substring(space + 1)));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    int at = brace + 1;
    while (line.charAt(at) != '}') {
      int equals = line.indexOf('=', at);
      String key = line.substring(at, equals);
      StringBuilder value = new StringBuilder();
      at = equals + 2; // past ="
      while (line.charAt(at) != '"') {
        char c = line.charAt(at++);
        value.append(c == '\\' ? line.charAt(at++) : c);
      }
      labels.put(key, value.toString());
      at++; // past the closing quote
      if (line.charAt(at) == ',') {
        at++;
      }
    }
    return new Sample(line.substring(0, brace), labels, number(line.substring(at + 2)));
  }

  /** The value, without the optional timestamp after it. */
  private static double number(String text) {
    String value = text.strip().split(" ")[0];
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }
}
