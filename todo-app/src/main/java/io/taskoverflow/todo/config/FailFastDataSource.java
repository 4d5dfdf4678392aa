package io.taskoverflow.todo.config;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The pool, refusing at once while it cannot hand out connections. Jetty has about one thread per
 * pooled connection ({@code RequestThreads}), so when the database stops answering, requests that
 * wait the pool's 3 s for a connection would hold every thread, and {@code /health} (the liveness
 * probe, 1 s) would queue behind them until the kubelet restarts a pod that only waits for the
 * database. Once half of the last four requests for a connection timed out, requests are refused
 * without waiting, as the same 503; each second one of them tries the pool again, and the first
 * that gets a connection lets all through.
 */
public final class FailFastDataSource implements DataSource {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(FailFastDataSource.class);

  private static final CircuitBreakerConfig WHEN_TO_REFUSE =
      CircuitBreakerConfig.custom()
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(4)
          .minimumNumberOfCalls(4)
          .failureRateThreshold(50)
          .waitDurationInOpenState(Duration.ofSeconds(1))
          .permittedNumberOfCallsInHalfOpenState(1)
          // A lock per connection handed out cost 5 % of GET one's throughput.
          .slidingWindowSynchronizationStrategy(
              CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
          .build();

  private final DataSource pool;
  private final CircuitBreaker breaker = CircuitBreaker.of("todo-db", WHEN_TO_REFUSE);

  public FailFastDataSource(DataSource pool) {
    this.pool = pool;
  }

  /** Thrown in place of waiting: the same 503 as a timeout, without a log line per request. */
  public static final class Refused extends SQLTransientConnectionException {
    Refused() {
      super("the pool timed out lately; refused without waiting");
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (!breaker.tryAcquirePermission()) {
      throw new Refused();
    }
    CircuitBreaker.State before = breaker.getState();
    long started = System.nanoTime();
    try {
      Connection connection = pool.getConnection();
      breaker.onSuccess(System.nanoTime() - started, NANOSECONDS);
      if (before != CircuitBreaker.State.CLOSED) {
        logChange(before);
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      breaker.onError(System.nanoTime() - started, NANOSECONDS, e);
      logChange(before);
      throw e;
    }
  }

  /**
   * Logs when requests start and stop being refused; not by the breaker's events, whose publisher
   * would then build an event for every connection handed out.
   */
  private void logChange(CircuitBreaker.State before) {
    CircuitBreaker.State now = breaker.getState();
    if (before == CircuitBreaker.State.CLOSED && now == CircuitBreaker.State.OPEN) {
      LOG.warn("the pool timed out on half of the last 4 requests: refusing them at once");
    } else if (before != CircuitBreaker.State.CLOSED && now == CircuitBreaker.State.CLOSED) {
      LOG.info("the pool hands out connections again");
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool logs in with its own credentials");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || pool.isWrapperFor(type);
  }
}
