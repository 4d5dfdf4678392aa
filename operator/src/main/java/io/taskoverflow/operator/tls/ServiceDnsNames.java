package io.taskoverflow.operator.tls;

import java.util.List;

/**
 * The names by which pods reach a Service that name its namespace, each of which a client may put
 * in its connection string and check against the server's certificate. Not the bare service name:
 * every namespace may have a Service of that name, and every todo pod trusts the operator's CA.
 * Assumes the cluster domain {@code cluster.local}, Kubernetes' default.
 */
public final class ServiceDnsNames {

  private ServiceDnsNames() {}

  /** {@code <service>.<namespace>.svc}, its {@code .cluster.local} form, {@code <service>.<ns>}. */
  public static List<String> of(String service, String namespace) {
    String qualified = service + "." + namespace;
    return List.of(qualified + ".svc", qualified + ".svc.cluster.local", qualified);
  }
}
