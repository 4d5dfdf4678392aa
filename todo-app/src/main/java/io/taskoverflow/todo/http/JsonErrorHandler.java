package io.taskoverflow.todo.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answer to requests it refuses before any route sees them (a malformed request line, path
 * or header, a URI or headers too large), in the API's own JSON error shape instead of Jetty's HTML
 * page. Routed requests never get here: {@link ErrorResponses} answers them.
 */
public final class JsonErrorHandler extends ErrorHandler {

  private static final HttpField JSON =
      new HttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");

  /** Requests the HTTP parser refuses; {@code reason} is Jetty's and is not echoed. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(JSON);
    return ByteBuffer.wrap(body(status));
  }

  /** Requests refused after parsing, before routing (an ambiguous path, for example). */
  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(JSON.getValue());
    response.getOutputStream().write(body(code));
  }

  /** A fixed message per status: nothing of the refused request is written back. */
  static byte[] body(int status) {
    String message =
        switch (status) {
          case 400 -> "malformed request";
          case 404 -> "not found";
          case 413 -> "request body too large";
          case 414 -> "request URI too long";
          case 431 -> "request header fields too large";
          case 505 -> "HTTP version not supported";
          default -> status < 500 ? "bad request" : "internal server error";
        };
    return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
