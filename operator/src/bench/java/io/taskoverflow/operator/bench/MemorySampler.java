package io.taskoverflow.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resident set size of another process, sampled with {@code ps} on a thread of its own; the
 * kernel's high-water mark ({@code VmHWM}) catches the peaks between samples.
 */
final class MemorySampler implements AutoCloseable {

  private static final Duration INTERVAL = Duration.ofMillis(250);

  private final long pid;
  private final AtomicLong maxKib = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private MemorySampler(long pid) {
    this.pid = pid;
    this.thread = new Thread(this::sample, "rss-sampler-" + pid);
    thread.setDaemon(true);
  }

  static MemorySampler start(long pid) {
    MemorySampler sampler = new MemorySampler(pid);
    sampler.thread.start();
    return sampler;
  }

  /** RSS of the process now, in KiB, by {@code ps}; 0 when the process is gone. */
  static long rssKib(long pid) {
    try {
      Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).start();
      String out = new String(ps.getInputStream().readAllBytes()).strip();
      ps.waitFor();
      return out.isEmpty() ? 0 : Long.parseLong(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ps", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** Largest RSS sampled so far, in MiB. */
  double maxMib() {
    return maxKib.get() / 1024.0;
  }

  /** The kernel's peak RSS of the process since it started, in MiB; NaN if not readable. */
  double peakMib() {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(line -> line.startsWith("VmHWM:"))
          .map(line -> line.replaceAll("[^0-9]", ""))
          .mapToDouble(kib -> Long.parseLong(kib) / 1024.0)
          .findFirst()
          .orElse(Double.NaN);
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  private void sample() {
    while (running) {
      maxKib.accumulateAndGet(rssKib(pid), Math::max);
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
