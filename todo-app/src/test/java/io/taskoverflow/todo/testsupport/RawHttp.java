package io.taskoverflow.todo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends bytes as they are to the server, for requests no HTTP client would send (a malformed
 * request line, path or header), and reads back the status, one header and the body.
 */
public final class RawHttp {

  private RawHttp() {}

  /** The answer to {@code request} (sent with {@code Connection: close} semantics). */
  public static Answer send(URI server, String request) {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headersEnd = raw.indexOf("\r\n\r\n");
      String head = headersEnd < 0 ? raw : raw.substring(0, headersEnd);
      String body = headersEnd < 0 ? "" : raw.substring(headersEnd + 4);
      return new Answer(Integer.parseInt(head.split(" ", 3)[1]), head, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public record Answer(int status, String head, String body) {
    public Optional<String> header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return head.lines()
          .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(line -> line.substring(prefix.length()).trim())
          .findFirst();
    }
  }
}
