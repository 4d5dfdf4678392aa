package io.taskoverflow.todo.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** A plain HTTP client for the TaskOverflow API, as any external client would speak to it. */
public final class ApiClient {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  public ApiClient(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /**
   * Repeats {@code request} every 200 ms until it answers {@code status} or {@code limit} has
   * passed; returns the last answer, for the test to assert on.
   */
  public static Response awaitStatus(int status, Duration limit, Supplier<Response> request) {
    Instant deadline = Instant.now().plus(limit);
    Response response = request.get();
    while (response.status() != status && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return response;
      }
      response = request.get();
    }
    return response;
  }

  public Response get(String path) {
    return send(builder(path).GET());
  }

  /** A GET that gives up after {@code timeout}, as a probe does: empty when it took longer. */
  public Optional<Response> get(String path, Duration timeout) {
    try {
      return Optional.of(send(builder(path).timeout(timeout).GET()));
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public Response delete(String path) {
    return send(builder(path).DELETE());
  }

  public Response post(String path, String json) {
    return send(path, "POST", "application/json", json);
  }

  public Response put(String path, String json) {
    return send(path, "PUT", "application/json", json);
  }

  public Response send(String path, String method, String contentType, String body) {
    HttpRequest.Builder builder = builder(path).method(method, BodyPublishers.ofString(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder);
  }

  /** Sends the body without a Content-Length (chunked), as a streaming client would. */
  public Response postChunked(String path, String json) {
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))));
  }

  private HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(base.resolve(path));
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response; {@link #json()} parses the body. */
  public record Response(
      int status, String body, java.util.Map<String, java.util.List<String>> headers) {

    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .flatMap(entry -> entry.getValue().stream())
          .findFirst();
    }

    public String error() {
      return json().path("error").asText(null);
    }
  }
}
