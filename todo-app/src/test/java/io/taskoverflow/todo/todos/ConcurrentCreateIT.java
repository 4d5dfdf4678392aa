package io.taskoverflow.todo.todos;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.todo.testsupport.ApiClient;
import io.taskoverflow.todo.testsupport.ApiClient.Response;
import io.taskoverflow.todo.testsupport.TodoAppExtension;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TodoAppExtension.class)
class ConcurrentCreateIT {

  private static final int CLIENTS = 50;

  @Test
  void fifty_concurrent_creates_lose_nothing_and_get_distinct_ids(ApiClient api) throws Exception {
    List<Callable<Response>> creates =
        IntStream.range(0, CLIENTS)
            .mapToObj(i -> (Callable<Response>) () -> api.post("api/v1/todos", titleJson(i)))
            .toList();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<Response>> responses;
    try {
      responses = pool.invokeAll(creates);
    } finally {
      pool.shutdown();
    }

    List<Long> ids = new java.util.ArrayList<>();
    for (Future<Response> response : responses) {
      assertThat(response.get().status()).isEqualTo(201);
      ids.add(response.get().json().path("id").asLong());
    }
    assertThat(ids).doesNotHaveDuplicates().hasSize(CLIENTS);
    assertThat(api.get("api/v1/todos").json().findValuesAsText("title"))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, CLIENTS).mapToObj(i -> "todo " + i).toList());
  }

  private static String titleJson(int i) {
    return "{\"title\":\"todo " + i + "\"}";
  }
}
