package io.taskoverflow.operator.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Todos written one every 0.1 s for up to 3 minutes, each answer recorded: when it came, its
 * status, the write's number, and whether a failure came with the API's JSON error. The client
 * waits 15 s for an answer, long enough for the service's own timeouts to answer first.
 */
final class WriteLoad implements AutoCloseable {

  /** One write: {@code status} 0 when nothing answered. */
  record Write(Instant answeredAt, int status, int number, Kind kind) {}

  /** What the answer's body was: the API's JSON error, something else, or nothing. */
  enum Kind {
    JSON,
    OTHER,
    NONE
  }

  /** The accounting of the writes against the todos stored afterwards. */
  record Accounting(
      int acknowledged,
      int lost,
      int failed,
      int failedJson,
      int failedPresent,
      int silent,
      int badAnswer) {

    static Accounting of(List<Write> writes, Set<Integer> stored) {
      int acknowledged = 0;
      int lost = 0;
      int failed = 0;
      int failedJson = 0;
      int failedPresent = 0;
      int silent = 0;
      int badAnswer = 0;
      for (Write write : writes) {
        if (write.status() == 201) {
          acknowledged++;
          if (!stored.contains(write.number())) {
            lost++;
          }
          continue;
        }
        failed++;
        boolean answeredJson = write.status() / 100 == 5 && write.kind() == Kind.JSON;
        if (answeredJson) {
          failedJson++;
        } else if (write.status() != 0) {
          badAnswer++;
        }
        if (stored.contains(write.number())) {
          failedPresent++;
          if (!answeredJson) {
            silent++;
          }
        }
      }
      return new Accounting(
          acknowledged, lost, failed, failedJson, failedPresent, silent, badAnswer);
    }
  }

  private static final Duration LONGEST = Duration.ofMinutes(3);
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

  private final TodoService service;
  private final String prefix;
  private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
  private final Thread writer;
  private volatile boolean stopped;

  /** Starts writing todos titled {@code <prefix> <n>}. */
  WriteLoad(TodoService service, String prefix) {
    this.service = service;
    this.prefix = prefix;
    writer = new Thread(this::write, "write-load");
    writer.setDaemon(true);
    writer.start();
  }

  private void write() {
    long end = System.nanoTime() + LONGEST.toNanos();
    for (int n = 1; !stopped && System.nanoTime() < end; n++) {
      TodoService.Answer answer =
          service.request(
              "POST", "/api/v1/todos", "{\"title\":\"" + prefix + " " + n + "\"}", ANSWER_WITHIN);
      Kind kind =
          answer.body().startsWith("{\"error\":\"")
              ? Kind.JSON
              : answer.body().isEmpty() ? Kind.NONE : Kind.OTHER;
      writes.add(new Write(Instant.now(), answer.status(), n, kind));
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops writing (after the write in flight) and returns every write. */
  List<Write> stop() throws InterruptedException {
    stopped = true;
    writer.join(ANSWER_WITHIN.plusSeconds(5).toMillis());
    synchronized (writes) {
      return List.copyOf(writes);
    }
  }

  /** The numbers of this load's todos in a todo list. */
  Set<Integer> stored(String listBody) {
    Pattern title = Pattern.compile(Pattern.quote(prefix) + " ([0-9]*)");
    Set<Integer> stored = new TreeSet<>();
    StreamSupport.stream(KeptTodos.json(listBody).spliterator(), false)
        .map(todo -> title.matcher(todo.path("title").asText()))
        .filter(Matcher::matches)
        .forEach(m -> stored.add(Integer.parseInt(m.group(1))));
    return stored;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
