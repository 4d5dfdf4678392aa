package io.taskoverflow.operator.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every RDS API call the operator's SDK client makes (one entry per call, however many attempts the
 * SDK's retries take), with when and on which thread: the witness for "one DescribeDBInstances per
 * polling cycle".
 */
public class RdsCalls implements ExecutionInterceptor {

  /** One API call. */
  public record Call(String operation, Instant at, String thread) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.add(
        new Call(
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
            Instant.now(),
            Thread.currentThread().getName()));
  }

  public List<Call> all() {
    return List.copyOf(calls);
  }

  public List<Call> of(String operation) {
    return calls.stream().filter(call -> call.operation().equals(operation)).toList();
  }

  public long count(String operation) {
    return of(operation).size();
  }

  public void clear() {
    calls.clear();
  }
}
