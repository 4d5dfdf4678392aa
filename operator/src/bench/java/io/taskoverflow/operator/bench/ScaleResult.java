package io.taskoverflow.operator.bench;

import io.taskoverflow.operator.testsupport.RequestKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What one size of the scale benchmark measured, filled in phase by phase by {@link ScaleRun}. */
final class ScaleResult {

  final int resources;

  // The burst.
  Duration applyTime;
  List<Long> toReadyNanos;

  /** First creation to last Ready; null when not all became Ready. */
  Duration allReady;

  Map<String, Duration> burstCpu;
  Map<RequestKey, Long> burstRequests;
  double maxRssMib;
  double emptyHeapMib;
  double loadedHeapMib;

  // The idle minutes after it.
  Duration idle;
  Map<RequestKey, Long> idleRequests;
  Duration idleCpu;
  double idleHeapMib;
  double idleRssMib;

  // A restart with all of them stored.
  Duration restartToLeader;
  Duration restartToFirstReconcile;
  Duration restartToQuiet;
  long restartReconciliations;
  Map<RequestKey, Long> restartRequests;
  Duration restartCpu;
  double restartRssMib;
  Map<String, Long> phasesAfterRestart;

  ScaleResult(int resources) {
    this.resources = resources;
  }

  void burst(Duration applyTime, List<Long> toReadyNanos, Duration allReady) {
    this.applyTime = applyTime;
    this.toReadyNanos = toReadyNanos;
    this.allReady = allReady;
  }

  void burstCost(Map<String, Duration> cpu, Map<RequestKey, Long> requests) {
    this.burstCpu = cpu;
    this.burstRequests = requests;
  }

  void memory(double maxRssMib, double emptyHeapMib, double loadedHeapMib) {
    this.maxRssMib = maxRssMib;
    this.emptyHeapMib = emptyHeapMib;
    this.loadedHeapMib = loadedHeapMib;
  }

  void idle(
      Duration idle, Map<RequestKey, Long> requests, Duration cpu, double heapMib, double rssMib) {
    this.idle = idle;
    this.idleRequests = requests;
    this.idleCpu = cpu;
    this.idleHeapMib = heapMib;
    this.idleRssMib = rssMib;
  }

  void restart(
      Duration toLeader,
      Duration toFirstReconcile,
      Duration toQuiet,
      long reconciliations,
      Map<RequestKey, Long> requests,
      Duration cpu,
      double rssMib) {
    this.restartToLeader = toLeader;
    this.restartToFirstReconcile = toFirstReconcile;
    this.restartToQuiet = toQuiet;
    this.restartReconciliations = reconciliations;
    this.restartRequests = requests;
    this.restartCpu = cpu;
    this.restartRssMib = rssMib;
  }

  /** Whether all became Ready in the burst and all were Ready once the restarted one was quiet. */
  boolean allServed() {
    return allReady != null
        && phasesAfterRestart != null
        && phasesAfterRestart.getOrDefault("Ready", 0L) == resources;
  }

  /** Live heap the resources added, per resource, in KiB. */
  double heapPerResourceKib() {
    return (loadedHeapMib - emptyHeapMib) * 1024 / resources;
  }

  Duration operatorBurstCpu() {
    return burstCpu.getOrDefault(CpuTimes.OPERATOR, Duration.ZERO);
  }
}
