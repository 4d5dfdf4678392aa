package io.taskoverflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.taskoverflow.operator.aws.AwsRdsGateway;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.flow.DatabaseFlows;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.rds.AppRoleSetup;
import io.taskoverflow.operator.rds.JdbcAppRoleSetup;
import io.taskoverflow.operator.rds.JdbcMasterLogin;
import io.taskoverflow.operator.rds.MasterLogin;
import io.taskoverflow.operator.rds.RdsAppRoleDependent;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.tls.CaSecret;
import io.taskoverflow.operator.tls.RdsCaBundle;
import java.time.Clock;
import java.util.Set;

/** Assembles the JOSDK operator from the configuration; used by {@link Main} and by tests. */
public final class TaskOverflowOperator {

  private TaskOverflowOperator() {}

  public static Operator create(KubernetesClient client, OperatorConfig config, Metrics metrics) {
    return create(client, config, metrics, new LeadershipLoss());
  }

  /**
   * With an RDS gateway of the caller's choosing (tests: one that counts requests, or a script).
   * The operator closes it when it stops.
   */
  public static Operator create(
      KubernetesClient client, OperatorConfig config, Metrics metrics, RdsGateway rds) {
    JdbcMasterLogin login = JdbcMasterLogin.atEndpoint(rdsCaBundle(config));
    return create(client, config, metrics, rds, login, new JdbcAppRoleSetup(login));
  }

  /**
   * The same, with the master logins of the caller's choosing: the check of adopted instances'
   * credentials, and the setup of the app's role (tests: against a local PostgreSQL).
   */
  public static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      Metrics metrics,
      RdsGateway rds,
      MasterLogin login,
      AppRoleSetup roles) {
    return create(client, config, metrics, new LeadershipLoss(), rds, login, roles);
  }

  static Operator create(
      KubernetesClient client, OperatorConfig config, Metrics metrics, LeadershipLoss leadership) {
    JdbcMasterLogin login = JdbcMasterLogin.atEndpoint(rdsCaBundle(config));
    return create(
        client,
        config,
        metrics,
        leadership,
        AwsRdsGateway.fromSettings(config.rds()),
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
      Metrics metrics,
      LeadershipLoss leadership,
      RdsGateway rds,
      MasterLogin login,
      AppRoleSetup roles) {
    // A TaskOverflow whose spec cannot be read carries it as stored in its additional properties,
    // on purpose (see TaskOverflow); fabric8 would warn of that on every copy JOSDK makes.
    client.getKubernetesSerialization().getUnmatchedFieldTypeModule().setLogWarnings(false);
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
                  // The TaskOverflow itself (finalizer, status) with JSON patches: server-side
                  // apply refuses to touch a stored object with a field of the wrong type (one
                  // written under a laxer CRD), which could then never be reported or deleted.
                  .withUseSSAToPatchPrimaryResource(false);
              if (config.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    leadership.configuration(OperatorConfig.LEASE_NAME, config.namespace()));
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
                    Clock.systemUTC()),
                new RdsAppRoleDependent(roles, rdsCaBundle(config))),
            config.rds().slowPoll()),
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
