package io.taskoverflow.operator.chart;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.Map;

/**
 * The chart's RDS tenant limits (the ValidatingAdmissionPolicy and its binding), rendered with
 * chosen values and applied to an API server without the rest of the release. Closing deletes both,
 * so that no other test meets them.
 */
final class TenantLimitsPolicy implements AutoCloseable {

  /** The API server compiles a new policy and fills its caches asynchronously. */
  private static final Duration ENFORCEMENT_TIMEOUT = Duration.ofSeconds(60);

  /** Named by no allowed list: refused wherever the policy applies. */
  private static final String FORBIDDEN_CLASS = "db.x2iedn.32xlarge";

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

  /**
   * Renders the policy of release {@code release} with {@code --set} values, applies it and waits
   * until the API server refuses an over-limit TaskOverflow in {@code enforcedNamespace}.
   */
  static TenantLimitsPolicy apply(
      KubernetesClient client, String release, Map<String, ?> values, String enforcedNamespace) {
    Rendered chart = HelmChart.template(release, "taskoverflow-system", values);
    TenantLimitsPolicy applied =
        new TenantLimitsPolicy(
            client,
            chart.one(
                ValidatingAdmissionPolicy.class, release + "-taskoverflow-operator-rds-limits"),
            chart.one(
                ValidatingAdmissionPolicyBinding.class,
                release + "-taskoverflow-operator-rds-limits"));
    client.resource(applied.policy).create();
    client.resource(applied.binding).create();
    Eventually.await(
        "the policy " + applied.name() + " is enforced in " + enforcedNamespace,
        ENFORCEMENT_TIMEOUT,
        () -> refusesForbiddenClass(client, enforcedNamespace));
    return applied;
  }

  String name() {
    return policy.getMetadata().getName();
  }

  private static boolean refusesForbiddenClass(KubernetesClient client, String namespace) {
    try {
      client
          .resource(
              TaskOverflows.parse(
                  namespace,
                  "enforcement-probe",
                  "database:\n  mode: RDS\n  rds:\n    instanceClass: " + FORBIDDEN_CLASS + "\n"))
          .dryRun()
          .create();
      return false;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 && e.getMessage().contains(FORBIDDEN_CLASS)) {
        return true;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    client.resource(binding).delete();
    client.resource(policy).delete();
  }
}
