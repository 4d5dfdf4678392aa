package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every pod of the operator and of the TaskOverflows (InCluster and External) is admitted and runs
 * under Pod Security "restricted".
 */
@ExtendWith(KindCluster.class)
class PodSecurityE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void everyPodOfTheOperatorRunsUnderRestricted(KubernetesClient client) {
    int pods = PodSecurity.assertRestricted(client, KindCluster.OPERATOR_NAMESPACE, "the operator");
    KindCluster.note("the operator: every pod runs under Pod Security restricted (%d pods)", pods);
  }

  @Test
  void everyPodOfAnInClusterAndAnExternalTaskOverflowRunsUnderRestricted(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-restricted");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    Workloads.externalOnATeamDatabase(client, namespace, "team-db", "shared");
    Workloads.awaitReady(client, namespace, "shared");
    int pods = PodSecurity.assertRestricted(client, namespace, "both TaskOverflows");
    KindCluster.note(
        "both TaskOverflows: every pod runs under Pod Security restricted (%d pods)", pods);
  }
}
