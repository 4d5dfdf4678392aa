package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Secrets;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resources of different modes share the operator's informers: reconciling one mode must not stop
 * what another mode is waiting on (JOSDK stops the informer of an activation-conditioned dependent
 * whenever a resource does not meet the condition).
 */
@ExtendWith(KubeApiServerExtension.class)
class MixedModesIT {

  @Test
  void anInClusterDatabaseBecomingReadyIsSeenAfterAnExternalResourceWasReconciled(
      KubernetesClient client) {
    String ns = TestNamespaces.create(client, "mixed");
    try (RunningOperator operator = RunningOperator.start(client)) {
      TaskOverflows.create(client, ns, "local", "{}");
      await(client, ns, StatefulSet.class, "local-postgres");
      UserSecrets.databaseUri(client, ns, "users-db", "postgresql://u:first@db.example.com/todo");
      TaskOverflows.create(
          client,
          ns,
          "remote",
          "database: {mode: External, external: {secretRef: {name: users-db}}}\n");
      await(client, ns, Deployment.class, "remote");

      // The last thing reconciled is the External resource.
      UserSecrets.databaseUri(client, ns, "users-db", "postgresql://u:second@db.example.com/todo");
      Eventually.await(
          "the External resource was reconciled again",
          Duration.ofSeconds(60),
          () ->
              "second"
                  .equals(
                      Secrets.decoded(client.secrets().inNamespace(ns).withName("remote-db").get())
                          .get("password")));

      Simulated.postgresReady(client, ns, "local-postgres");

      await(client, ns, Deployment.class, "local");
      Simulated.deploymentReady(client, ns, "local");
      assertThat(TaskOverflows.awaitPhase(client, ns, "local", Phase.Ready)).isNotNull();
    }
  }
}
