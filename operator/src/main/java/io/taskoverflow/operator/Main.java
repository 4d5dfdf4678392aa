package io.taskoverflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskoverflow.operator.config.OperatorConfig;
import io.taskoverflow.operator.health.HealthServer;
import io.taskoverflow.operator.metrics.OperatorMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the operator against the current kubeconfig or in-cluster service account. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);

  private Main() {}

  public static void main(String[] args) throws IOException {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info(
        "watching {}; todo image {}, PostgreSQL image {}, pulled with {}; leader election {};"
            + " network policies {}",
        config.watchesAllNamespaces() ? "all namespaces" : config.watchNamespaces(),
        config.todoImage(),
        config.postgresImage(),
        config.imagePullSecrets().isEmpty() ? "no Secret" : config.imagePullSecrets(),
        config.leaderElection(),
        config.networkPolicies().summary());

    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = OperatorMeterRegistry.create();
    LeadershipLoss leadership = new LeadershipLoss();
    Operator operator;
    try {
      operator = TaskOverflowOperator.create(client, config, registry, leadership);
    } catch (RuntimeException e) {
      // E.g. the CA's Secret cannot be read or made (missing rights, an API server away).
      LOG.error("the operator did not start: {}", e.getMessage(), e);
      client.close();
      System.exit(1);
      return;
    }
    HealthServer health =
        HealthServer.start(config.healthPort(), operator.getRuntimeInfo(), registry);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  leadership.stopping();
                  operator.stop();
                  if (config.leaderElection()) {
                    LeaseRelease.release(
                        client,
                        config.namespace(),
                        OperatorConfig.LEASE_NAME,
                        leadership.identity());
                  }
                  health.close();
                  client.close();
                },
                "shutdown"));
    try {
      operator.start();
    } catch (RuntimeException e) {
      // E.g. an informer that cannot list what it watches. The health server's threads would keep
      // a process without an operator alive and answering /healthz: end it, so it is restarted.
      LOG.error("the operator did not start: {}", e.getMessage(), e);
      System.exit(1);
    }
    LOG.info("started; health and metrics on port {}", health.port());
  }
}
