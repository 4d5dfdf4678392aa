package io.taskoverflow.operator.config;

import java.util.List;
import java.util.Map;

/**
 * Whether the operator isolates each TaskOverflow's pods with NetworkPolicies, and whom the todo
 * service's port is open to besides its own namespace.
 *
 * @param enabled make the policies; false deletes those made before
 * @param appIngressNamespaces namespaces whose pods may reach every todo service, e.g. the ingress
 *     controller's; sorted, so the policies come out the same at every reconcile
 */
public record NetworkPolicySettings(boolean enabled, List<String> appIngressNamespaces) {

  public NetworkPolicySettings {
    appIngressNamespaces = List.copyOf(appIngressNamespaces);
  }

  static NetworkPolicySettings fromEnv(Map<String, String> env) {
    return new NetworkPolicySettings(
        OperatorConfig.bool(env, "NETWORK_POLICIES", true),
        List.copyOf(OperatorConfig.namespaces(env, "APP_INGRESS_NAMESPACES")));
  }
}
