package io.taskoverflow.operator.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Settings of the operator process, read once at startup from the environment (the Helm chart sets
 * them). An invalid value stops the process with a message that names the variable.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param todoImage image of the todo service when a resource names none
 * @param postgresImage image of the in-cluster PostgreSQL when a resource names none
 * @param rolloutMaxInProgress how many workloads at most take a new default image at the same time
 *     (of the todo service, and of PostgreSQL)
 * @param imagePullSecrets Secrets, in each TaskOverflow's own namespace, that the todo and
 *     PostgreSQL pods pull their images with; empty means none
 * @param reconcileConcurrency resources reconciled in parallel
 * @param leaderElection whether replicas elect a leader on a Lease (needed for more than one)
 * @param namespace the operator's own namespace, of its Lease and its CA's Secret ({@code default}
 *     where unset, outside a cluster)
 * @param healthPort port of {@code /healthz}, {@code /readyz} and {@code /metrics}
 * @param networkPolicies whether each TaskOverflow's pods are isolated, and from whom
 * @param rds how RDS is reached and what new RDS instances get by default
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String todoImage,
    String postgresImage,
    int rolloutMaxInProgress,
    List<String> imagePullSecrets,
    int reconcileConcurrency,
    boolean leaderElection,
    String namespace,
    int healthPort,
    NetworkPolicySettings networkPolicies,
    RdsSettings rds) {

  public static final String DEFAULT_TODO_IMAGE = "taskoverflow-todo:latest";
  public static final String DEFAULT_POSTGRES_IMAGE = "postgres:17-alpine";
  public static final int DEFAULT_ROLLOUT_MAX_IN_PROGRESS = 5;
  public static final String LEASE_NAME = "taskoverflow-operator";

  public static OperatorConfig fromEnv(Map<String, String> env) {
    boolean leaderElection = bool(env, "LEADER_ELECTION", false);
    String namespace = env.getOrDefault("OPERATOR_NAMESPACE", "").strip();
    if (leaderElection && namespace.isEmpty()) {
      throw new IllegalArgumentException(
          "OPERATOR_NAMESPACE must be set when LEADER_ELECTION is true (the Lease lives there)");
    }
    return new OperatorConfig(
        namespaces(env, "WATCH_NAMESPACES"),
        text(env, "TODO_IMAGE", DEFAULT_TODO_IMAGE),
        text(env, "POSTGRES_IMAGE", DEFAULT_POSTGRES_IMAGE),
        integer(
            env, "DEFAULT_IMAGE_ROLLOUT_MAX_IN_PROGRESS", DEFAULT_ROLLOUT_MAX_IN_PROGRESS, 1, 1000),
        secretNames(env, "IMAGE_PULL_SECRETS"),
        integer(env, "RECONCILE_CONCURRENCY", 10, 1, 200),
        leaderElection,
        namespace.isEmpty() ? "default" : namespace,
        integer(env, "HEALTH_PORT", 8080, 0, 65535),
        NetworkPolicySettings.fromEnv(env),
        RdsSettings.fromEnv(env));
  }

  /** The same settings with leader election on or off. */
  public OperatorConfig withLeaderElection(boolean enabled) {
    return new OperatorConfig(
        watchNamespaces,
        todoImage,
        postgresImage,
        rolloutMaxInProgress,
        imagePullSecrets,
        reconcileConcurrency,
        enabled,
        namespace,
        healthPort,
        networkPolicies,
        rds);
  }

  /** Watches all namespaces. */
  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  /** A comma-separated list of namespace names, sorted; empty when unset. */
  static Set<String> namespaces(Map<String, String> env, String name) {
    Set<String> namespaces =
        Arrays.stream(env.getOrDefault(name, "").split(","))
            .map(String::strip)
            .filter(namespace -> !namespace.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
    for (String namespace : namespaces) {
      if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        throw new IllegalArgumentException(
            name + ": '" + namespace + "' is not a valid namespace name");
      }
    }
    return Collections.unmodifiableSet(namespaces);
  }

  /**
   * A comma-separated list of Secret names, in the given order (the kubelet tries them in turn),
   * without repeats; empty when unset.
   */
  static List<String> secretNames(Map<String, String> env, String name) {
    List<String> names =
        Arrays.stream(env.getOrDefault(name, "").split(","))
            .map(String::strip)
            .filter(secret -> !secret.isEmpty())
            .distinct()
            .toList();
    for (String secret : names) {
      if (secret.length() > 253
          || !secret.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
        throw new IllegalArgumentException(name + ": '" + secret + "' is not a valid Secret name");
      }
    }
    return names;
  }

  private static String text(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, "").strip();
    if (value.isEmpty()) {
      return fallback;
    }
    if (value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(name + " must not contain whitespace");
    }
    return value;
  }

  static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.getOrDefault(name, "").strip();
    return switch (value) {
      case "" -> fallback;
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false");
    };
  }

  static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.getOrDefault(name, "").strip();
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
  }
}
