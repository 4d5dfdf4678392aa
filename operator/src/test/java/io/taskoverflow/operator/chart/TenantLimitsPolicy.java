package io.taskoverflow.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.GenericTaskOverflows;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.Map;

/**
 * One of the chart's tenant limits (a ValidatingAdmissionPolicy and its binding), rendered with
 * chosen values and applied to an API server without the rest of the release. Closing deletes both,
 * so that no other test meets them.
 */
final class TenantLimitsPolicy implements AutoCloseable {

  /** The API server compiles a new policy and fills its caches asynchronously. */
  private static final Duration ENFORCEMENT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The chart's tenant limits: the suffix of their objects' names, and a spec that no allowed list
   * names ({@code forbidden}), refused wherever the policy applies.
   */
  enum Limits {
    RDS("rds-limits", "database:\n  mode: RDS\n  rds:\n    instanceClass: db.x2iedn.32xlarge\n"),
    ANNOTATIONS(
        "annotation-limits",
        "ingress:\n  host: probe.example.com\n  annotations: {example.com/never-allowed: x}\n");

    private final String suffix;
    private final String forbiddenSpec;

    Limits(String suffix, String forbiddenSpec) {
      this.suffix = suffix;
      this.forbiddenSpec = forbiddenSpec;
    }

    String name(String release) {
      return release + "-taskoverflow-operator-" + suffix;
    }
  }

  /**
   * Where a test meets the limits: a tenant's namespace, one exempt from them, and one the operator
   * does not watch, with the committed CRD served in them.
   */
  record Namespaces(String team, String exempt, String unwatched) {

    static Namespaces create(KubernetesClient admin, String prefix) {
      RunningOperator.installCrd(admin);
      Namespaces namespaces =
          new Namespaces(
              TestNamespaces.create(admin, prefix + "-team"),
              TestNamespaces.create(admin, prefix + "-exempt"),
              TestNamespaces.create(admin, prefix + "-unwatched"));
      GenericTaskOverflows.awaitServed(admin, namespaces.team());
      return namespaces;
    }
  }

  private final KubernetesClient client;
  private final ValidatingAdmissionPolicy policy;
  private final ValidatingAdmissionPolicyBinding binding;

  private TenantLimitsPolicy(
      KubernetesClient client,
      ValidatingAdmissionPolicy policy,
      ValidatingAdmissionPolicyBinding binding) {
    this.client = client;
    this.policy = policy;
    this.binding = binding;
  }

  /** The RDS limits: {@link #apply(KubernetesClient, Limits, String, Map, String)}. */
  static TenantLimitsPolicy apply(
      KubernetesClient client, String release, Map<String, ?> values, String enforcedNamespace) {
    return apply(client, Limits.RDS, release, values, enforcedNamespace);
  }

  /**
   * Renders the policy {@code limits} of release {@code release} with {@code --set} values, applies
   * it and waits until the API server refuses a TaskOverflow beyond it in {@code
   * enforcedNamespace}.
   */
  static TenantLimitsPolicy apply(
      KubernetesClient client,
      Limits limits,
      String release,
      Map<String, ?> values,
      String enforcedNamespace) {
    Rendered chart = HelmChart.template(release, "taskoverflow-system", values);
    TenantLimitsPolicy applied =
        new TenantLimitsPolicy(
            client,
            chart.one(ValidatingAdmissionPolicy.class, limits.name(release)),
            chart.one(ValidatingAdmissionPolicyBinding.class, limits.name(release)));
    client.resource(applied.policy).create();
    client.resource(applied.binding).create();
    Eventually.await(
        "the policy " + applied.name() + " is enforced in " + enforcedNamespace,
        ENFORCEMENT_TIMEOUT,
        () -> refuses(client, enforcedNamespace, limits.forbiddenSpec, applied.name()));
    return applied;
  }

  String name() {
    return policy.getMetadata().getName();
  }

  /** Whether the policy {@code policyName} refuses a TaskOverflow of that spec. */
  private static boolean refuses(
      KubernetesClient client, String namespace, String spec, String policyName) {
    try {
      client.resource(TaskOverflows.parse(namespace, "enforcement-probe", spec)).dryRun().create();
      return false;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 && e.getMessage().contains("'" + policyName + "'")) {
        return true;
      }
      throw e;
    }
  }

  /** Asserts that the API server refuses the request as Forbidden with all these in its message. */
  static void assertRefused(Runnable request, String... messages) {
    assertThatThrownBy(request::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
              assertThat(e.getStatus().getMessage()).contains(messages);
            });
  }

  @Override
  public void close() {
    client.resource(binding).delete();
    client.resource(policy).delete();
  }
}
