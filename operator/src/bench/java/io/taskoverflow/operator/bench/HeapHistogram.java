package io.taskoverflow.operator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of another JVM, from {@code jcmd <pid> GC.class_histogram}, which runs a full GC
 * first: what stays in memory, not garbage waiting to be collected.
 *
 * @param liveBytes bytes of all live objects
 * @param secrets live fabric8 {@code Secret} objects (each one a Secret held in a cache)
 */
record HeapHistogram(long liveBytes, long secrets) {

  private static final String SECRET_CLASS = "io.fabric8.kubernetes.api.model.Secret";
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

  static HeapHistogram of(long pid) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(jcmd(), Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException("jcmd failed: " + out);
    }
    return parse(out);
  }

  static HeapHistogram parse(String histogram) {
    long live = -1;
    long secrets = 0;
    for (String line : histogram.split("\n")) {
      Matcher total = TOTAL.matcher(line);
      if (total.matches()) {
        live = Long.parseLong(total.group(2));
      }
      Matcher row = ROW.matcher(line);
      if (row.matches() && row.group(3).equals(SECRET_CLASS)) {
        secrets = Long.parseLong(row.group(1));
      }
    }
    if (live < 0) {
      throw new IllegalStateException("no Total line in the class histogram:\n" + histogram);
    }
    return new HeapHistogram(live, secrets);
  }

  double liveMib() {
    return liveBytes / (1024.0 * 1024.0);
  }

  private static String jcmd() {
    return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }
}
