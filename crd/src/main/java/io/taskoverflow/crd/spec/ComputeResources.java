package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The CRD schema of a container's CPU and memory, used through {@code @SchemaFrom}: the Java type
 * stays fabric8's {@code ResourceRequirements}, whose generated schema has no descriptions and
 * accepts any string as a quantity. Its {@code claims} (dynamic resource allocation) are left out:
 * the pods the operator builds declare no resource claims to refer to.
 *
 * <p>The rules keep out what fabric8 cannot read (an operator that cannot read a stored resource
 * cannot reconcile it) and what no container of ours starts with. Values may be integers ({@code
 * cpu: 2}), hence {@code string(...)} before each use.
 */
@ValidationRule(
    value =
        "!has(self.requests) || self.requests.all(k, k in ['cpu', 'memory', 'ephemeral-storage'])",
    fieldPath = ".requests",
    message = ComputeResources.KEYS_MESSAGE)
@ValidationRule(
    value = "!has(self.limits) || self.limits.all(k, k in ['cpu', 'memory', 'ephemeral-storage'])",
    fieldPath = ".limits",
    message = ComputeResources.KEYS_MESSAGE)
@ValidationRule(
    value =
        "!has(self.requests) || self.requests.all(k, !isQuantity(string(self.requests[k])) || "
            + ComputeResources.AT_LEAST_MINIMUM_OF_REQUESTS
            + ")",
    fieldPath = ".requests",
    message = "requests: " + ComputeResources.MINIMUM_MESSAGE)
@ValidationRule(
    value =
        "!has(self.limits) || self.limits.all(k, !isQuantity(string(self.limits[k])) || "
            + ComputeResources.AT_LEAST_MINIMUM_OF_LIMITS
            + ")",
    fieldPath = ".limits",
    message = "limits: " + ComputeResources.MINIMUM_MESSAGE)
// The API server refuses a pod whose limit is below its request; refused here, it names our field.
@ValidationRule(
    value =
        "!has(self.requests) || !has(self.limits) || self.limits.all(k, !(k in self.requests)"
            + " || !isQuantity(string(self.limits[k])) || !isQuantity(string(self.requests[k]))"
            + " || quantity(string(self.limits[k]))"
            + ".compareTo(quantity(string(self.requests[k]))) >= 0)",
    fieldPath = ".limits",
    message = "limits must be at least the requests of the same resource")
public record ComputeResources(
    @JsonPropertyDescription(
            "CPU and memory the container is guaranteed and scheduled by, e.g. {cpu: 100m,"
                + " memory: 256Mi}.")
        @Size(max = 3)
        Map<String, Quantity> requests,
    @JsonPropertyDescription(
            "Most CPU and memory the container may use, e.g. {memory: 512Mi}; above the CPU"
                + " limit it is throttled, above the memory limit it is killed and restarted.")
        @Size(max = 3)
        Map<String, Quantity> limits) {

  /**
   * Kubernetes' quantity grammar without a sign: digits, an optional fraction, then a binary
   * suffix, a decimal suffix or an exponent. The API server's own int-or-string check is looser,
   * and fabric8 cannot read for example "" or "5e3Mi". The build writes it as the pattern of every
   * value of requests and limits: the generator writes none for an int-or-string, and CEL cannot
   * afford a regular expression on one (it counts an int-or-string as long as a whole request).
   */
  public static final String QUANTITY =
      "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?$";

  /** Longer is no quantity anyone means (an exa-byte in bytes has 19 digits). */
  public static final int QUANTITY_MAX_LENGTH = 64;

  public static final String QUANTITY_DESCRIPTION =
      "A quantity such as 500m, 2, 256Mi or 1Gi: digits, an optional fraction, then one of Ki,"
          + " Mi, Gi, Ti, Pi, Ei, m, k, M, G, T, P, E or an exponent such as e6.";

  static final String KEYS_MESSAGE =
      "only cpu, memory and ephemeral-storage can be requested or limited";

  /**
   * Floors against typos, not sizing advice: {@code memory: 64} is 64 bytes and {@code cpu: 0}
   * nothing. Below 64Mi neither a JVM nor PostgreSQL gets through its start, below 16Mi of
   * ephemeral storage the kubelet evicts a pod for its own logs, and 1m is the smallest CPU share
   * Kubernetes expresses. Refused here, an OOM-kill loop or an eviction becomes a message.
   */
  static final String MINIMUM_MESSAGE =
      "cpu must be at least 1m, memory at least 64Mi, ephemeral-storage at least 16Mi";

  private static final String MINIMUM_OF_KEY =
      "(k == 'cpu' ? '1m' : k == 'memory' ? '64Mi' : '16Mi')";

  static final String AT_LEAST_MINIMUM_OF_REQUESTS =
      "quantity(string(self.requests[k])).compareTo(quantity(" + MINIMUM_OF_KEY + ")) >= 0";

  static final String AT_LEAST_MINIMUM_OF_LIMITS =
      "quantity(string(self.limits[k])).compareTo(quantity(" + MINIMUM_OF_KEY + ")) >= 0";
}
