package io.taskoverflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.taskoverflow.operator.config.DependentFactory;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.dependent.AppDeploymentDependent;
import io.taskoverflow.operator.dependent.PostgresStatefulSetDependent;
import java.util.Map;
import java.util.Set;

/** Assembles the JOSDK operator from the configuration; used by {@link Main} and by tests. */
public final class TaskOverflowOperator {

  private TaskOverflowOperator() {}

  public static Operator create(KubernetesClient client, OperatorConfig config, Metrics metrics) {
    return create(client, config, metrics, new LeadershipLoss());
  }

  static Operator create(
      KubernetesClient client, OperatorConfig config, Metrics metrics, LeadershipLoss leadership) {
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(metrics)
                  .withConcurrentReconciliationThreads(config.reconcileConcurrency())
                  // Secrets too are written with server-side apply (they carry data, never
                  // stringData, so what is applied is what is stored).
                  .withDefaultNonSSAResource(Set.of())
                  .withDependentResourceFactory(
                      new DependentFactory(
                          Map.of(
                              AppDeploymentDependent.class,
                              () -> new AppDeploymentDependent(config.todoImage()),
                              PostgresStatefulSetDependent.class,
                              () -> new PostgresStatefulSetDependent(config.postgresImage()))));
              if (config.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    leadership.configuration(OperatorConfig.LEASE_NAME, config.leaseNamespace()));
              }
            });
    operator.register(
        new TaskOverflowReconciler(),
        controller -> {
          if (config.watchesAllNamespaces()) {
            controller.watchingAllNamespaces();
          } else {
            controller.settingNamespaces(config.watchNamespaces());
          }
        });
    return operator;
  }
}
