package io.taskoverflow.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up the Lease when a leading process stops, as client-go's {@code ReleaseOnCancel} does, so
 * that the next replica (the new pod of a rollout) leads at once rather than after the Lease
 * expires. JOSDK 5.2 leaves the Lease held, which made every operator upgrade 15 s without a
 * leader.
 */
final class LeaseRelease {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private LeaseRelease() {}

  /**
   * Empties the holder of the Lease if {@code identity} still holds it. The update carries the
   * resourceVersion read, so a Lease another replica took meanwhile is left alone.
   */
  static void release(
      KubernetesClient client, String namespace, String leaseName, String identity) {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(leaseName).get();
      if (lease == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      client.resource(lease).update();
      LOG.info("released the {} Lease", leaseName);
    } catch (KubernetesClientException e) {
      // The next replica then waits for the Lease to expire, as it did before.
      LOG.warn("could not release the {} Lease: {}", leaseName, e.getMessage());
    }
  }
}
