package io.taskoverflow.operator.config;

import java.util.List;
import java.util.Map;

/**
 * Whether the operator isolates each TaskOverflow's pods with NetworkPolicies, whom the todo
 * service's port is open to besides its own namespace, and who may scrape its metrics port.
 *
 * @param enabled make the policies; false deletes those made before
 * @param appIngressNamespaces namespaces whose pods may reach every todo service, e.g. the ingress
 *     controller's; sorted, so the policies come out the same at every reconcile
 * @param metricsScraperNamespaces namespaces whose pods may reach every todo pod's metrics port
 *     (and only that port), e.g. Prometheus'; sorted; empty: no one
 */
public record NetworkPolicySettings(
    boolean enabled, List<String> appIngressNamespaces, List<String> metricsScraperNamespaces) {

  public NetworkPolicySettings {
    appIngressNamespaces = List.copyOf(appIngressNamespaces);
    metricsScraperNamespaces = List.copyOf(metricsScraperNamespaces);
  }

  /** For the startup log: off, or on and whom the todo pods admit besides their namespace. */
  public String summary() {
    if (!enabled) {
      return "off";
    }
    String summary = "on";
    if (!appIngressNamespaces.isEmpty()) {
      summary += ", todo port open to " + appIngressNamespaces;
    }
    if (!metricsScraperNamespaces.isEmpty()) {
      summary += ", metrics port open to " + metricsScraperNamespaces;
    }
    return summary;
  }

  static NetworkPolicySettings fromEnv(Map<String, String> env) {
    return new NetworkPolicySettings(
        OperatorConfig.bool(env, "NETWORK_POLICIES", true),
        List.copyOf(OperatorConfig.namespaces(env, "APP_INGRESS_NAMESPACES")),
        List.copyOf(OperatorConfig.namespaces(env, "METRICS_SCRAPER_NAMESPACES")));
  }
}
