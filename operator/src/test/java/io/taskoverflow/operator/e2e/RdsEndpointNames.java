package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.regex.Matcher;

/**
 * Has the cluster's DNS answer the endpoint names moto gives RDS instances ({@code
 * <id>.aaaaaaaaaa.<region>.rds.amazonaws.com}) with the Service of the instance's server ({@code
 * <id>.rds-emulator.svc.cluster.local}): a {@code rewrite} rule in CoreDNS's Corefile, its answers
 * carrying the name that was asked. The operator and the todo pods dial the endpoint name, as on
 * EKS, and verify the certificate against it.
 */
final class RdsEndpointNames {

  private static final String RULE =
      "rewrite stop name regex ([a-z0-9-]+)\\.aaaaaaaaaa\\.[a-z0-9-]+\\.rds\\.amazonaws\\.com"
          + " {1}."
          + RdsInstanceServers.NAMESPACE
          + ".svc.cluster.local answer auto";

  private RdsEndpointNames() {}

  /** Adds the rule once and restarts CoreDNS with it; nothing when it is there already. */
  static void pointAtTheServers(KubernetesClient client) {
    ConfigMap corefile = client.configMaps().inNamespace("kube-system").withName("coredns").get();
    String text = corefile.getData().get("Corefile");
    if (text.contains(RULE)) {
      return;
    }
    String patched =
        text.replaceFirst("\\.:53 \\{\n", Matcher.quoteReplacement(".:53 {\n    " + RULE + "\n"));
    if (patched.equals(text)) {
      throw new IllegalStateException("CoreDNS's Corefile has no server block .:53: " + text);
    }
    client
        .configMaps()
        .inNamespace("kube-system")
        .withName("coredns")
        .edit(
            map -> {
              map.getData().put("Corefile", patched);
              return map;
            });
    client.apps().deployments().inNamespace("kube-system").withName("coredns").rolling().restart();
    Workloads.awaitRollout(client, "kube-system", "coredns", Duration.ofMinutes(2));
  }
}
