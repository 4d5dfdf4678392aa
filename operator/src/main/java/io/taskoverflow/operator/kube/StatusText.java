package io.taskoverflow.operator.kube;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Text from elsewhere (kubelet, the scheduler, a container's log) made fit for a status condition:
 * one short line, with credentials in URIs or {@code password=} settings masked, since more people
 * read a status than a pod's logs.
 */
public final class StatusText {

  private static final int MAX_DETAIL = 300;
  private static final int LAST_LINES = 3;
  private static final Pattern STACK_FRAME = Pattern.compile("^(at |\\.\\.\\. \\d+ more).*");

  /** A log line's time stamp (and PostgreSQL's process id): the words matter, not when. */
  private static final Pattern LOG_PREFIX =
      Pattern.compile(
          "^\\[?\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d[.,\\d]*(Z|[+-]\\d\\d:?\\d\\d| [A-Z]{2,5})?\\]?"
              + "\\s*(\\[\\d+\\]\\s*)?");

  private static final Pattern URI_PASSWORD =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/:@]*):[^\\s/@]*@");

  /** {@code password=x}, {@code "password": "x"}, {@code --password x}; also pwd and passwd. */
  private static final Pattern PASSWORD_SETTING =
      Pattern.compile(
          "(?i)((?:password|passwd|pwd)[\"']?\\s*[=:]\\s*[\"']?|--(?:password|passwd|pwd)\\s+)"
              + "[^\\s,;&\"'}]+");

  private StatusText() {}

  /**
   * The last lines of what a container logged before it exited, without stack frames (the
   * exception's own line says more): the error usually comes last.
   */
  public static String lastWords(String log) {
    if (log == null) {
      return "";
    }
    List<String> lines =
        log.lines()
            .map(line -> LOG_PREFIX.matcher(line.strip()).replaceFirst(""))
            .filter(line -> !line.isEmpty() && !STACK_FRAME.matcher(line).matches())
            .toList();
    String tail =
        String.join(" ", lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size()));
    String clean = masked(oneLine(tail));
    return clean.length() <= MAX_DETAIL
        ? clean
        : "…" + clean.substring(clean.length() - MAX_DETAIL);
  }

  /**
   * A kubelet or scheduler message: its beginning says what failed, its end (of a chain of "a: b:
   * c") the root cause, so a long one keeps both.
   */
  public static String detail(String message) {
    String clean = masked(oneLine(Objects.requireNonNullElse(message, "")));
    if (clean.length() <= MAX_DETAIL) {
      return clean;
    }
    int head = MAX_DETAIL / 3;
    return clean.substring(0, head).strip()
        + " … "
        + clean.substring(clean.length() - (MAX_DETAIL - head)).strip();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String masked(String text) {
    String uris = URI_PASSWORD.matcher(text).replaceAll("$1:***@");
    return PASSWORD_SETTING.matcher(uris).replaceAll("$1***");
  }
}
