package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.ApiServerRequests;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RequestKey;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Once converged, the operator writes nothing: a server-side apply that differs from what the
 * server stores (defaults, normalised quantities) would otherwise loop forever. The API server's
 * own request counters are the witness.
 */
@ExtendWith(KubeApiServerExtension.class)
class SteadyStateIT {

  private static final Duration QUIET_PERIOD = Duration.ofSeconds(60);
  private static final Set<String> WRITE_VERBS =
      Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

  @Test
  void convergedResourcesCauseNoWritesForAMinute(KubernetesClient client) throws Exception {
    String ns = TestNamespaces.create(client, "steady");
    UserSecrets.databaseUri(client, ns, "users-db", "postgresql://u:p@db.example.com/todo");
    try (RunningOperator operator = RunningOperator.start(client)) {
      TaskOverflows.create(
          client,
          ns,
          "local",
          "resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 512Mi}}\n"
              + "service: {type: NodePort}\n");
      TaskOverflows.create(
          client,
          ns,
          "remote",
          "database: {mode: External, external: {secretRef: {name: users-db}}}\n"
              + "ingress: {host: todo.example.com, tlsSecretName: tls}\n");
      await(client, ns, io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "local-postgres");
      Simulated.postgresReady(client, ns, "local-postgres");
      for (String name : new String[] {"local", "remote"}) {
        await(client, ns, Deployment.class, name);
        Simulated.deploymentReady(client, ns, name);
        TaskOverflows.awaitPhase(client, ns, name, Phase.Ready);
      }
      Thread.sleep(5_000); // let the last status patch and its watch events settle

      Map<RequestKey, Long> before = ApiServerRequests.read(client);
      Thread.sleep(QUIET_PERIOD.toMillis());
      Map<RequestKey, Long> delta =
          operatorWrites(ApiServerRequests.delta(before, ApiServerRequests.read(client)));

      assertThat(delta).as("write requests during %s of steady state", QUIET_PERIOD).isEmpty();
    }
  }

  /** The write requests to the operator's resources among {@code requests}. */
  private static Map<RequestKey, Long> operatorWrites(Map<RequestKey, Long> requests) {
    Map<RequestKey, Long> writes = new TreeMap<>(requests);
    writes
        .keySet()
        .removeIf(
            key ->
                !WRITE_VERBS.contains(key.verb())
                    || !ApiServerRequests.OPERATOR_RESOURCES.contains(key.resource()));
    return writes;
  }
}
