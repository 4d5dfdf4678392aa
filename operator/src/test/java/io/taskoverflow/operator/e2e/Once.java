package io.taskoverflow.operator.e2e;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The set-up that several tests of a scenario share, run by the first of them that needs it. A
 * set-up that fails fails each of those tests with its cause, and every test still reports.
 */
final class Once<T> {

  private final Callable<T> setUp;
  private T value;
  private Throwable failure;
  private boolean done;

  Once(Callable<T> setUp) {
    this.setUp = setUp;
  }

  synchronized T get() {
    if (!done) {
      done = true;
      try {
        value = setUp.call();
      } catch (Throwable e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new AssertionError("the scenario's set-up failed: " + failure, failure);
    }
    return value;
  }

  /** The set-up's value if it ran and succeeded; never runs it. */
  synchronized Optional<T> ifDone() {
    return done && failure == null ? Optional.ofNullable(value) : Optional.empty();
  }
}
