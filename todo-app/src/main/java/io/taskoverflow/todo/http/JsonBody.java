package io.taskoverflow.todo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** Reads a request body that must be a JSON object, rejecting anything else with a clear 4xx. */
public final class JsonBody {

  private final ObjectMapper mapper;

  public JsonBody(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectNode object(Context ctx) {
    if (!isJson(ctx.contentType())) {
      throw new ApiException(415, "Content-Type must be application/json");
    }
    byte[] body = ctx.bodyAsBytes(); // enforces the configured size limit (413)
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON");
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("unreadable request body");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }
}
