package io.taskoverflow.todo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body that must be a JSON object, rejecting anything else with a clear 4xx. */
public final class JsonBody {

  private final ObjectMapper mapper;
  private final int maxBytes;

  public JsonBody(ObjectMapper mapper, int maxBytes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  public ObjectNode object(Context ctx) {
    if (!isJson(ctx.contentType())) {
      throw new ApiException(415, "Content-Type must be application/json");
    }
    JsonNode node;
    try {
      node = mapper.readTree(bounded(ctx));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON");
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable request body");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /**
   * The body, at most {@code maxBytes} long. Counted while read, not only from Content-Length: a
   * chunked body declares no length.
   */
  private byte[] bounded(Context ctx) throws IOException {
    if (ctx.contentLength() > maxBytes) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw tooLarge();
      }
      return body;
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "request body too large");
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }
}
