package io.taskoverflow.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskoverflow.operator.testsupport.RequestKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API server's audit log of one user, the operator: every request it made, by verb and
 * resource. The server's own request metrics cannot tell the operator from the controllers,
 * scheduler and KWOK that work on the same objects.
 */
final class AuditLog {

  /** Verbs that change what the API server stores. */
  static final Set<String> WRITES =
      Set.of("create", "update", "patch", "delete", "deletecollection");

  /** Leader election renews its Lease every few seconds whatever else happens. */
  static final String LEASES = "leases";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  private AuditLog(Path file) {
    this.file = file;
  }

  /**
   * Writes a policy that records {@code username}'s requests once each (when their response
   * completes) and nobody else's; returns the log and the kube-apiserver flags that enable it.
   */
  static AuditLog forUser(Path dir, String username, List<String> apiServerFlags) {
    Path policy = dir.resolve("audit-policy.yaml");
    Path log = dir.resolve("audit.log");
    try {
      Files.writeString(
          policy,
          String.join(
              "\n",
              "apiVersion: audit.k8s.io/v1",
              "kind: Policy",
              "omitStages: [RequestReceived, ResponseStarted]",
              "rules:",
              "  - level: Metadata",
              "    users: [\"" + username + "\"]",
              "  - level: None",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    apiServerFlags.add("--audit-policy-file=" + policy);
    apiServerFlags.add("--audit-log-path=" + log);
    return new AuditLog(log);
  }

  /** Where the log ends now: {@link #since} counts what is written after it. */
  long mark() {
    return Files.exists(file) ? file.toFile().length() : 0;
  }

  /** Requests recorded after {@code mark}, by verb and resource. */
  Map<RequestKey, Long> since(long mark) {
    Map<RequestKey, Long> counts = new TreeMap<>();
    if (!Files.exists(file)) {
      return counts;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(mark);
      byte[] rest = new byte[(int) (in.length() - mark)];
      in.readFully(rest);
      String text = new String(rest, StandardCharsets.UTF_8);
      // A line still being written is left for the next count.
      for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
        if (!line.isBlank()) {
          counts.merge(key(JSON.readTree(line)), 1L, Long::sum);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  /**
   * Requests that changed something, leader election's Lease renewals left out, and the access
   * reviews too (created, never stored: they are questions).
   */
  static long writes(Map<RequestKey, Long> requests) {
    return requests.entrySet().stream()
        .filter(e -> WRITES.contains(e.getKey().verb()))
        .filter(e -> !e.getKey().resource().equals(LEASES))
        .filter(e -> !e.getKey().resource().endsWith("reviews"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** All requests, leader election's Lease requests left out. */
  static long total(Map<RequestKey, Long> requests) {
    return requests.entrySet().stream()
        .filter(e -> !e.getKey().resource().equals(LEASES))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static RequestKey key(JsonNode event) {
    JsonNode object = event.path("objectRef");
    return new RequestKey(
        event.path("verb").asText(),
        object.path("resource").asText(event.path("requestURI").asText()),
        object.path("subresource").asText(""));
  }
}
