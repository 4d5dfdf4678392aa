package io.taskoverflow.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a JVM by kind of thread (JIT compilers, garbage collector, the rest), from {@code
 * /proc/<pid>/task/<tid>/stat}: tells a JVM warming up or collecting from one doing its work. The
 * serial collector runs in the VM thread, so its time shows under "other threads".
 */
final class ThreadCpu {

  static final List<String> KINDS = List.of("JIT compiler", "GC", "other threads");

  /** Clock ticks used so far, per thread id, of the threads alive at the time of the snapshot. */
  private final Map<String, Long> ticksByThread = new HashMap<>();

  private final Map<String, String> kindByThread = new HashMap<>();

  private ThreadCpu() {}

  static ThreadCpu snapshot(long pid) {
    ThreadCpu snapshot = new ThreadCpu();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(
          task -> snapshot.add(task.getFileName().toString(), read(task.resolve("stat"))));
    } catch (IOException e) {
      // the process ended: nothing to attribute
    }
    return snapshot;
  }

  /**
   * CPU time per kind of thread from {@code before} to this snapshot; a thread that ended in
   * between is missing (JIT compiler threads come and go), so the sum can be below the process's.
   */
  Map<String, Duration> since(ThreadCpu before) {
    Map<String, Duration> byKind = new LinkedHashMap<>();
    KINDS.forEach(kind -> byKind.put(kind, Duration.ZERO));
    ticksByThread.forEach(
        (thread, ticks) -> {
          long used = ticks - before.ticksByThread.getOrDefault(thread, 0L);
          byKind.merge(kindByThread.get(thread), Duration.ofMillis(used * 10), Duration::plus);
        });
    return byKind;
  }

  private void add(String thread, String stat) {
    if (stat.isEmpty()) {
      return; // the thread ended meanwhile
    }
    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, in USER_HZ (100 per second) ticks; the
    // first field after the name is field 3.
    ticksByThread.put(thread, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    kindByThread.put(thread, kind(name));
  }

  private static String kind(String threadName) {
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return KINDS.get(0);
    }
    if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
      return KINDS.get(1);
    }
    return KINDS.get(2);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
