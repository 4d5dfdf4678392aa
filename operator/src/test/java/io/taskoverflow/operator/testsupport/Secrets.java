package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Reading Secrets as their users would. */
public final class Secrets {

  private Secrets() {}

  /** The data of a Secret, decoded. */
  public static Map<String, String> decoded(Secret secret) {
    Map<String, String> decoded = new TreeMap<>();
    secret
        .getData()
        .forEach(
            (key, value) ->
                decoded.put(
                    key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    return decoded;
  }
}
