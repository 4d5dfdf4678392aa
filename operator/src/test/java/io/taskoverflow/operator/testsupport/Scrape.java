package io.taskoverflow.operator.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A Prometheus text scrape, as {@code /metrics} answers it, read into samples to assert on. */
public final class Scrape {

  /** One line of the scrape: a series and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;
  private final int bytes;

  private Scrape(List<Sample> samples, int bytes) {
    this.samples = samples;
    this.bytes = bytes;
  }

  public static Scrape of(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(sample(line));
      }
    }
    return new Scrape(List.copyOf(samples), text.getBytes(StandardCharsets.UTF_8).length);
  }

  /**
   * The sum of the series of that name whose labels include {@code labels} (name, value, ...): 0
   * when there is none, so use {@link #has} to tell the two apart.
   */
  public double value(String name, String... labels) {
    return matching(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  public boolean has(String name, String... labels) {
    return !matching(name, labels).isEmpty();
  }

  public List<Sample> samples() {
    return samples;
  }

  /** How many series: one per sample line. */
  public int series() {
    return samples.size();
  }

  public int bytes() {
    return bytes;
  }

  /** Every series as {@code name{label="value",...}}, sorted, e.g. to compare two scrapes. */
  public Set<String> seriesNames() {
    return samples.stream()
        .map(
            s ->
                s.name()
                    + s.labels().entrySet().stream()
                        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                        .collect(Collectors.joining(",", "{", "}")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private List<Sample> matching(String name, String... labels) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet()))
        .toList();
  }

  /** {@code name{a="1",b="x"} 2.0} or {@code name 2.0}. */
  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // past ="
        while (line.charAt(j) != '"') {
          if (line.charAt(j) == '\\') {
            j++;
            value.append(line.charAt(j) == 'n' ? '\n' : line.charAt(j));
          } else {
            value.append(line.charAt(j));
          }
          j++;
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = i + 1;
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String value = line.substring(rest).trim().split(" ")[0];
    return new Sample(name, labels, number(value));
  }

  private static double number(String value) {
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }
}
