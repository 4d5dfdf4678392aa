package io.taskoverflow.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time used by the processes of a run (operator, the cluster's, this driver) and by the whole
 * machine, to tell whether the cores were the limit and whether anything else used them.
 */
final class CpuTimes {

  static final String OPERATOR = "operator";
  static final String OTHERS = "other processes";
  private static final String MACHINE = "machine";

  /** The cluster's processes, where this JVM started them; those it did not are left out. */
  private static final String[] COMPONENTS = {
    "kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler", "kwok"
  };

  private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();

  /** The operator by pid; the cluster's processes found among this JVM's child processes. */
  static CpuTimes of(long operatorPid) {
    CpuTimes times = new CpuTimes();
    times.processes.put(OPERATOR, ProcessHandle.of(operatorPid).orElseThrow());
    for (String name : COMPONENTS) {
      ProcessHandle.current()
          .descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
          .findFirst()
          .ifPresent(p -> times.processes.put(name, p));
    }
    times.processes.put("driver", ProcessHandle.current());
    return times;
  }

  /** CPU time of each process so far, and of the whole machine as {@value #MACHINE}. */
  Map<String, Duration> snapshot() {
    Map<String, Duration> snapshot = new LinkedHashMap<>();
    processes.forEach(
        (name, process) -> {
          Optional<Duration> cpu = process.info().totalCpuDuration();
          snapshot.put(name, cpu.orElse(Duration.ZERO));
        });
    snapshot.put(MACHINE, machineBusy());
    return snapshot;
  }

  /**
   * Time all CPUs spent not idle since boot, from the first line of {@code /proc/stat}: user, nice,
   * system, idle, iowait, irq, softirq, steal … in clock ticks (USER_HZ, 100 on Linux).
   */
  private static Duration machineBusy() {
    try {
      String[] ticks = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i <= 8 && i < ticks.length; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(ticks[i]);
        }
      }
      return Duration.ofMillis(busy * 10);
    } catch (IOException e) {
      return Duration.ZERO;
    }
  }

  /**
   * CPU used per process between two snapshots; the machine's total becomes what the other
   * processes on it used meanwhile (other users of a shared machine, the kernel).
   */
  static Map<String, Duration> used(Map<String, Duration> before, Map<String, Duration> after) {
    Map<String, Duration> used = delta(before, after);
    Duration machine = used.remove(MACHINE);
    Duration ours = used.values().stream().reduce(Duration.ZERO, Duration::plus);
    used.put(OTHERS, machine.minus(ours).isNegative() ? Duration.ZERO : machine.minus(ours));
    return used;
  }

  private static Map<String, Duration> delta(
      Map<String, Duration> before, Map<String, Duration> after) {
    Map<String, Duration> delta = new LinkedHashMap<>();
    after.forEach(
        (name, value) -> delta.put(name, value.minus(before.getOrDefault(name, Duration.ZERO))));
    return delta;
  }
}
