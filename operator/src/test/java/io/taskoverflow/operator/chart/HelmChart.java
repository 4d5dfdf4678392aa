package io.taskoverflow.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The chart in helm/taskoverflow-operator, driven by Helm's own code (helm-java, in this JVM)
 * instead of a helm binary.
 */
public final class HelmChart {

  static final Path DIRECTORY = Path.of("..", "helm", "taskoverflow-operator");
  static final String RELEASE = "taskoverflow-operator";

  /**
   * Rendered as for the oldest Kubernetes the chart supports (its kubeVersion), so that nothing
   * newer slips in; {@code helm template} would otherwise assume v1.20.
   */
  static final String KUBE_VERSION = "1.30.0";

  private HelmChart() {}

  static Helm helm() {
    return new Helm(DIRECTORY);
  }

  /**
   * {@code helm template} of the chart with {@code --set key=value} for each entry, as in the
   * release namespace given.
   */
  static Rendered template(String namespace, Map<String, ?> values) {
    return template(RELEASE, namespace, values);
  }

  /** The same for a release of another name. */
  public static Rendered template(String release, String namespace, Map<String, ?> values) {
    TemplateCommand template =
        helm().template().withName(release).withNamespace(namespace).withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return Rendered.parse(template.call());
  }

  /**
   * {@code helm install} into the test API server. No {@code --wait}: without a kubelet no pod ever
   * becomes ready.
   */
  static Release install(
      SharedKubeApiServer server, String release, String namespace, Map<String, ?> values) {
    InstallCommand install =
        helm()
            .install()
            .withName(release)
            .withNamespace(namespace)
            .withKubeConfigContents(server.kubeConfigYaml());
    values.forEach(install::set);
    return install.call();
  }

  /**
   * The environment the kubelet would give the operator container of a rendered or installed
   * Deployment: its plain values, the pod's namespace for the chart's field reference, and a pod
   * name as {@code HOSTNAME} (the leader's identity).
   */
  public static Map<String, String> operatorEnvironment(
      Deployment deployment, String namespace, String podName) {
    Map<String, String> env =
        new HashMap<>(
            ChartTest.plainEnv(
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0)));
    env.put("OPERATOR_NAMESPACE", namespace);
    env.put("HOSTNAME", podName);
    return env;
  }

  /** {@code helm uninstall}. */
  static void uninstall(SharedKubeApiServer server, String release, String namespace) {
    Helm.uninstall(release)
        .withNamespace(namespace)
        .withKubeConfigContents(server.kubeConfigYaml())
        .call();
  }
}
