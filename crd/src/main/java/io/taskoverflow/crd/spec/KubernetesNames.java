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

  private KubernetesNames() {}
}
