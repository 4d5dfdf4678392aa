package io.taskoverflow.todo;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's threads, sized by the connection pool instead of Javalin's 8 to 250. Nearly every request
 * holds a database connection while it runs, so threads beyond the connections only wait: with 32
 * clients on 10 connections Jetty kept some 40 threads, each request woke an idle one and then
 * queued for a connection inside HikariCP, whose handoff spins, yields and is unfair (a thread that
 * returns a connection often takes it straight back, so others wait up to the 3 s timeout). With
 * about one worker per connection, requests wait in Jetty's queue instead, first come first served,
 * and a thread that finishes one takes the next without sleeping: on two CPUs, side by side with
 * the 9b68361 build, GET one cost 64 µs of the service's CPU instead of 105, p99 8 ms instead of
 * 515 (medians of three rounds, docs/benchmarks.md).
 *
 * <p>The price would be paid when the database stalls: every thread waiting on it, and {@code
 * /health} (the liveness probe) queued behind them. {@code FailFastDataSource} refuses requests at
 * once while the pool times out, which keeps the queue moving.
 */
final class RequestThreads {

  /**
   * Jetty's acceptor and selector (one each, its defaults for a pool this small), its reserved
   * thread, and one for a request that needs no connection.
   */
  static final int BEYOND_POOL = 4;

  private RequestThreads() {}

  static QueuedThreadPool forPool(int connections) {
    int threads = connections + BEYOND_POOL;
    QueuedThreadPool pool = new QueuedThreadPool(threads, threads);
    pool.setName("JettyServerThreadPool");
    return pool;
  }
}
