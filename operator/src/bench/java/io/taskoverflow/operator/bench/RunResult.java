package io.taskoverflow.operator.bench;

import io.taskoverflow.operator.testsupport.RequestKey;
import java.time.Duration;
import java.util.Map;

/**
 * What one run measured. Durations of single events are {@code null} when they did not happen (e.g.
 * not every resource became Ready before the timeout).
 *
 * @param operatorRequests requests the API server served in the run minus the driver's own
 * @param otherRequests requests to resources the operator never touches (the server's own leases …)
 * @param cpu CPU time per process from the first create until the last resource was Ready
 * @param operatorThreadCpu the operator's part of it by kind of thread ({@link ThreadCpu})
 * @param driverThreadCpu the driver's part of it by kind of thread
 */
record RunResult(
    int resources,
    Duration operatorStartup,
    Duration apply,
    Distribution toPostgres,
    Distribution postgresSimulation,
    Distribution toAppIncludingDatabase,
    Distribution toAppOperatorOnly,
    Distribution databaseReadyToApp,
    Distribution appReadyToReady,
    Distribution toReady,
    long readyCount,
    Duration converged,
    Map<RequestKey, Long> operatorRequests,
    Map<RequestKey, Long> otherRequests,
    int simulatedStatusWrites,
    int failedStatusWrites,
    double rssIdleMib,
    double rssMaxMib,
    double rssPeakMib,
    Map<String, Duration> cpu,
    Map<String, Duration> operatorThreadCpu,
    Map<String, Duration> driverThreadCpu,
    Duration cpuWindow,
    Map<String, Double> operatorMetrics) {

  long operatorRequestTotal(boolean includingWatches) {
    return operatorRequests.entrySet().stream()
        .filter(e -> includingWatches || !e.getKey().verb().equals("WATCH"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
