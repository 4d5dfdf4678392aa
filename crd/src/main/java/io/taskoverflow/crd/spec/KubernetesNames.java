package io.taskoverflow.crd.spec;

/** Patterns of the names and references the API server and the container runtime accept. */
final class KubernetesNames {

  /**
   * A DNS-1123 subdomain (names of Secrets, IngressClasses, StorageClasses; Ingress hosts): dot
   * separated labels of at most 63 lowercase letters, digits or '-', each starting and ending with
   * a letter or digit. The whole name is limited to 253 characters by a maxLength next to it.
   */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$";

  static final int DNS_SUBDOMAIN_MAX_LENGTH = 253;

  /**
   * A container image reference as the distribution spec defines it: an optional registry (a host
   * with a dot or a port, or localhost), lowercase path components separated by '.', '_', '__' or
   * '-', then an optional tag and an optional digest. A kubelet cannot pull what does not match.
   */
  static final String IMAGE_REFERENCE =
      "^((localhost|[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)+)"
          + "(:[0-9]+)?/|[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?:[0-9]+/)?"
          + "[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*"
          + "(:[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127})?"
          + "(@[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$";

  /** A repository name of at most 255 characters, a 128-character tag and a sha512 digest fit. */
  static final int IMAGE_REFERENCE_MAX_LENGTH = 512;

  /**
   * An annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 letters,
   * digits, '-', '_' or '.', starting and ending with a letter or digit. Without a backslash, so
   * that a CEL string can hold it.
   */
  static final String ANNOTATION_KEY =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

  /** A CEL rule of an object: every key of its annotations is an annotation key. */
  static final String ANNOTATION_KEYS_RULE =
      "self.annotations.all(key, key.matches('" + ANNOTATION_KEY + "'))";

  /** The most annotations a TaskOverflow may give one object. */
  static final int ANNOTATIONS_MAX = 32;

  /**
   * A CIDR block, IPv4 ({@code 203.0.113.7/32}) or IPv6 ({@code 2001:db8::/32}), as a Service's
   * {@code loadBalancerSourceRanges} takes them.
   */
  static final String CIDR =
      "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}"
          + "/(3[0-2]|[12]?[0-9])"
          + "|[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$";

  private KubernetesNames() {}
}
