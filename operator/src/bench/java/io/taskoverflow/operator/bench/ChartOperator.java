package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.chart.HelmChart;
import io.taskoverflow.operator.chart.Rendered;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator as the chart installs it, without its pod: the chart rendered with some values, its
 * ServiceAccount, RBAC and admission policies applied, and the container's environment and
 * identity, for the packaged jar to run with.
 */
final class ChartOperator {

  private static final String RELEASE = "bench";

  /** What a benchmark applies of the chart: everything but the CRD and the operator's pods. */
  private static final List<Class<? extends HasMetadata>> APPLIED =
      List.of(
          ServiceAccount.class,
          ClusterRole.class,
          ClusterRoleBinding.class,
          Role.class,
          RoleBinding.class,
          ValidatingAdmissionPolicy.class,
          ValidatingAdmissionPolicyBinding.class);

  private final Rendered chart;
  private final String namespace;
  private final Deployment deployment;

  private ChartOperator(Rendered chart, String namespace) {
    this.chart = chart;
    this.namespace = namespace;
    this.deployment = chart.all(Deployment.class).get(0);
  }

  /** The chart rendered into {@code namespace}, its CRD left out (the benchmark installs it). */
  static ChartOperator render(String namespace, Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.put("crds.enabled", "false");
    return new ChartOperator(HelmChart.template(RELEASE, namespace, all), namespace);
  }

  /** The API server's name for the operator, as its requests are authenticated. */
  String username() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount();
  }

  /** Creates the chart's ServiceAccount, RBAC and admission policies. */
  void apply(KubernetesClient admin) {
    for (Class<? extends HasMetadata> kind : APPLIED) {
      chart.all(kind).forEach(object -> admin.resource(object).create());
    }
  }

  /** The container's environment, as the pod {@code podName} would have it. */
  Map<String, String> environment(String podName) {
    return HelmChart.operatorEnvironment(deployment, namespace, podName);
  }

  /** The container's memory limit, e.g. {@code 512Mi}. */
  String memoryLimit() {
    return deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getLimits()
        .get("memory")
        .toString();
  }

  /** A kubeconfig with a token of the chart's ServiceAccount, as the pod's mounted token. */
  String kubeConfig(SharedKubeApiServer server) {
    return server.kubeConfigYamlForServiceAccount(namespace, serviceAccount());
  }

  private String serviceAccount() {
    return deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
  }
}
