package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.kube.EventReason;

/** An Event to record on the resource for a request made to AWS; never with a password in it. */
public record RdsEvent(EventReason reason, String message) {}
