package io.taskoverflow.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.taskoverflow.operator.metrics.LeaderGauge;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election that ends the process when leadership is lost, so two replicas never reconcile at
 * once, but not while the process is already stopping: JOSDK's own exit would then run inside the
 * shutdown hook and block it, and the Lease would never be released.
 */
final class LeadershipLoss {

  private static final Logger LOG = LoggerFactory.getLogger(LeadershipLoss.class);

  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Who this process is on the Lease: its pod's name, as JOSDK would choose it too. */
  private final String identity =
      Optional.ofNullable(System.getenv("HOSTNAME"))
          .filter(name -> !name.isBlank())
          .orElseGet(() -> UUID.randomUUID().toString());

  String identity() {
    return identity;
  }

  /** Called first thing in the shutdown hook. */
  void stopping() {
    stopping.set(true);
  }

  /**
   * @param leader told when this process starts and stops leading
   */
  LeaderElectionConfiguration configuration(
      String leaseName, String leaseNamespace, LeaderGauge leader) {
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> {
              leader.started();
              LOG.info("leading");
            },
            () -> {
              leader.stopped();
              if (!stopping.get()) {
                LOG.error(
                    "lost the {} Lease; exiting so that another replica takes over", leaseName);
                System.exit(1);
              }
            },
            holder -> LOG.info("leader is {}", holder));
    return new LeaderElectionConfiguration(
        leaseName,
        leaseNamespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        identity,
        callbacks,
        false);
  }
}
