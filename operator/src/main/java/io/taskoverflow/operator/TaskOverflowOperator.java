package io.taskoverflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskoverflow.operator.aws.AwsRdsGateway;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.flow.DatabaseFlows;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.metrics.LeaderGauge;
import io.taskoverflow.operator.metrics.ResourceGauges;
import io.taskoverflow.operator.metrics.RetryNumberLimit;
import io.taskoverflow.operator.rds.AppRoleSetup;
import io.taskoverflow.operator.rds.JdbcAppRoleSetup;
import io.taskoverflow.operator.rds.JdbcMasterLogin;
import io.taskoverflow.operator.rds.MasterLogin;
import io.taskoverflow.operator.rds.RdsAppRoleDependent;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.rds.RdsPollMetrics;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.tls.CaSecret;
import io.taskoverflow.operator.tls.RdsCaBundle;
import java.time.Clock;
import java.util.Set;

/**
 * Assembles the JOSDK operator from the configuration; used by {@link Main} and by tests. Its
 * meters, JOSDK's and the operator's own, go into the registry it is given.
 */
public final class TaskOverflowOperator {

  private TaskOverflowOperator() {}

  public static Operator create(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry) {
    return create(client, config, registry, new LeadershipLoss());
  }

  /**
   * With an RDS gateway of the caller's choosing (tests: one that counts requests, or a script).
   * The operator closes it when it stops.
   */
  public static Operator create(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry, RdsGateway rds) {
    JdbcMasterLogin login = JdbcMasterLogin.atEndpoint(rdsCaBundle(config));
    return create(client, config, registry, rds, login, new JdbcAppRoleSetup(login));
  }

  /**
   * The same, with the master logins of the caller's choosing: the check of adopted instances'
   * credentials, and the setup of the app's role (tests: against a local PostgreSQL).
   */
  public static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry registry,
      RdsGateway rds,
      MasterLogin login,
      AppRoleSetup roles) {
    return create(client, config, registry, new LeadershipLoss(), rds, login, roles);
  }

  static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry registry,
      LeadershipLoss leadership) {
    JdbcMasterLogin login = JdbcMasterLogin.atEndpoint(rdsCaBundle(config));
    return create(
        client,
        config,
        registry,
        leadership,
        AwsRdsGateway.fromSettings(config.rds(), registry),
        login,
        new JdbcAppRoleSetup(login));
  }

  /** The CA certificates of RDS instances: the configured bundle, else the one shipped. */
  private static String rdsCaBundle(OperatorConfig config) {
    return config.rds().caBundle().orElseGet(RdsCaBundle::pem);
  }

  private static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry registry,
      LeadershipLoss leadership,
      RdsGateway rds,
      MasterLogin login,
      AppRoleSetup roles) {
    // A TaskOverflow whose spec cannot be read carries it as stored in its additional properties,
    // on purpose (see TaskOverflow); fabric8 would warn of that on every copy JOSDK makes.
    client.getKubernetesSerialization().getUnmatchedFieldTypeModule().setLogWarnings(false);
    registry.config().meterFilter(RetryNumberLimit.filter());
    LeaderGauge leader = new LeaderGauge(registry, config.leaderElection());
    ResourceGauges resources = new ResourceGauges(registry, leader::leads);
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // Per-resource meters would grow with the number of TaskOverflows: totals only.
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withConcurrentReconciliationThreads(config.reconcileConcurrency())
                  // Secrets too are written with server-side apply (they carry data, never
                  // stringData, so what is applied is what is stored).
                  .withDefaultNonSSAResource(Set.of())
                  // The TaskOverflow itself (finalizer, status) with JSON patches: server-side
                  // apply refuses to touch a stored object with a field of the wrong type (one
                  // written under a laxer CRD), which could then never be reported or deleted.
                  .withUseSSAToPatchPrimaryResource(false);
              if (config.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    leadership.configuration(
                        OperatorConfig.LEASE_NAME, config.namespace(), leader));
              }
            });
    operator.register(
        new TaskOverflowReconciler(
            new DatabaseFlows(
                new DefaultImageRollout("todo", config.todoImage(), config.rolloutMaxInProgress()),
                new DefaultImageRollout(
                    "postgres", config.postgresImage(), config.rolloutMaxInProgress()),
                new ImagePullSecrets(config.imagePullSecrets()),
                CaSecret.loadOrCreate(client, config.namespace(), Clock.systemUTC()),
                config.networkPolicies(),
                new RdsInstanceDependent(
                    rds,
                    login,
                    config.rds(),
                    RdsInstanceDependent.requestSlotsFor(config.reconcileConcurrency()),
                    Clock.systemUTC(),
                    new RdsPollMetrics(registry)),
                new RdsAppRoleDependent(roles, rdsCaBundle(config))),
            config.rds().fastPoll(),
            config.rds().slowPoll(),
            resources),
        controller -> {
          controller
              .withRetry(ReconcilePacing.retry())
              .withReconciliationMaxInterval(ReconcilePacing.MAX_RECONCILIATION_INTERVAL);
          if (config.watchesAllNamespaces()) {
            controller.watchingAllNamespaces();
          } else {
            controller.settingNamespaces(config.watchNamespaces());
          }
        });
    return operator;
  }
}
