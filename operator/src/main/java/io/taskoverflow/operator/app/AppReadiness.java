package io.taskoverflow.operator.app;

/** Whether every desired replica of the todo service is ready; becomes the AppReady condition. */
public record AppReadiness(
    boolean ready, String reason, String message, int replicas, int readyReplicas) {}
