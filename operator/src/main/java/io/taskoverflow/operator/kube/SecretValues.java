package io.taskoverflow.operator.kube;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Secret data as the API server stores it: base64 of UTF-8. */
public final class SecretValues {

  private SecretValues() {}

  /** Encoded and sorted, so a server-side apply of unchanged data changes nothing. */
  public static Map<String, String> encode(Map<String, String> data) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach(
        (key, value) ->
            encoded.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return encoded;
  }

  public static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
