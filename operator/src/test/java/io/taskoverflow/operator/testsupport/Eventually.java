package io.taskoverflow.operator.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for what controllers do asynchronously (garbage collection, RBAC caches). A plain loop: one
 * small helper instead of another test library.
 */
public final class Eventually {

  private Eventually() {}

  public static void await(String condition, Duration timeout, BooleanSupplier check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not true within " + timeout + ": " + condition);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for: " + condition, e);
      }
    }
  }
}
