package io.taskoverflow.operator.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the operator reaches RDS and what new instances get when their resource names nothing. All
 * optional: without RDS resources the operator never calls AWS, so a kind cluster needs none.
 *
 * @param region AWS region; empty: the AWS SDK's own chain (AWS_REGION, profile, instance metadata)
 * @param endpointOverride replaces the RDS endpoint, for emulators such as moto
 * @param subnetGroup DB subnet group of instances whose spec names none
 * @param securityGroupIds VPC security groups of instances whose spec names none
 * @param fastPoll polling interval while any instance is changing (creating, modifying, ...)
 * @param slowPoll polling interval while every instance is stable
 * @param caBundle the PEM certificates an instance's certificate is verified against, read from the
 *     file {@code RDS_CA_BUNDLE_FILE} names (another partition's bundle, or a newer one); empty:
 *     the bundle the operator ships
 */
public record RdsSettings(
    Optional<String> region,
    Optional<URI> endpointOverride,
    Optional<String> subnetGroup,
    List<String> securityGroupIds,
    Duration fastPoll,
    Duration slowPoll,
    Optional<String> caBundle) {

  public static final Duration DEFAULT_FAST_POLL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_SLOW_POLL = Duration.ofSeconds(120);

  public RdsSettings {
    securityGroupIds = List.copyOf(securityGroupIds);
    if (fastPoll.compareTo(slowPoll) > 0) {
      throw new IllegalArgumentException(
          "RDS_POLL_FAST_SECONDS must not be greater than RDS_POLL_SLOW_SECONDS");
    }
  }

  static RdsSettings fromEnv(Map<String, String> env) {
    return new RdsSettings(
        matching(env, "AWS_REGION", "[a-z]{2}(-[a-z]+)+-[0-9]+"),
        endpoint(env),
        matching(env, "RDS_SUBNET_GROUP", "[a-zA-Z0-9][-_. a-zA-Z0-9]{0,254}"),
        securityGroups(env),
        seconds(env, "RDS_POLL_FAST_SECONDS", DEFAULT_FAST_POLL),
        seconds(env, "RDS_POLL_SLOW_SECONDS", DEFAULT_SLOW_POLL),
        caBundle(env));
  }

  private static Optional<String> matching(Map<String, String> env, String name, String regex) {
    String value = env.getOrDefault(name, "").strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.matches(regex)) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not valid");
    }
    return Optional.of(value);
  }

  private static Optional<URI> endpoint(Map<String, String> env) {
    String value = env.getOrDefault("AWS_ENDPOINT_OVERRIDE", "").strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL with a host");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "AWS_ENDPOINT_OVERRIDE must be an http(s) URL such as http://moto:5000, got '"
              + value
              + "'");
    }
  }

  private static List<String> securityGroups(Map<String, String> env) {
    List<String> groups =
        Arrays.stream(env.getOrDefault("RDS_SECURITY_GROUP_IDS", "").split(","))
            .map(String::strip)
            .filter(id -> !id.isEmpty())
            .toList();
    for (String group : groups) {
      if (!group.matches("sg-[0-9a-f]{8,17}")) {
        throw new IllegalArgumentException(
            "RDS_SECURITY_GROUP_IDS: '" + group + "' is not a security group id (sg-...)");
      }
    }
    return groups;
  }

  /**
   * The file's text, once it is known to hold X.509 certificates and nothing the JDK cannot read.
   */
  private static Optional<String> caBundle(Map<String, String> env) {
    String value = env.getOrDefault("RDS_CA_BUNDLE_FILE", "").strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String pem;
    try {
      pem = Files.readString(Path.of(value));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "RDS_CA_BUNDLE_FILE: cannot read '" + value + "' (" + e.getClass().getSimpleName() + ")");
    }
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))
          .isEmpty()) {
        throw new CertificateException("no certificate");
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "RDS_CA_BUNDLE_FILE: '" + value + "' holds no readable PEM certificates");
    }
    return Optional.of(pem);
  }

  private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
    return Duration.ofSeconds(
        OperatorConfig.integer(env, name, (int) fallback.toSeconds(), 1, 3600));
  }
}
