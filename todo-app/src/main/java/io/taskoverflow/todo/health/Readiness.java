package io.taskoverflow.todo.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The readiness check (does the database answer?) and the outcome of its last run, which the gauge
 * {@code taskoverflow_todo_ready} shows. A scrape reads that outcome and never touches the database
 * itself: the kubelet's readiness probe runs the check every few seconds anyway, and until it first
 * passes the pod is not ready, which the gauge's initial 0 says too.
 */
public final class Readiness implements MeterBinder {

  /**
   * With the pool's 3 s wait for a connection, the check takes at most 4 s: the operator's
   * readiness probe allows 5 s, so a slow database shows as 503, never a probe timeout.
   */
  private static final int VALIDATION_TIMEOUT_SECONDS = 1;

  private final DataSource dataSource;
  private volatile boolean lastPassed;

  public Readiness(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs the check and remembers its outcome. */
  public boolean check() {
    boolean passed = databaseAnswers();
    lastPassed = passed;
    return passed;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("taskoverflow.todo.ready", this, readiness -> readiness.lastPassed ? 1 : 0)
        .description("1 while the last readiness check passed (the database answered), else 0")
        .register(registry);
  }

  private boolean databaseAnswers() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }
}
