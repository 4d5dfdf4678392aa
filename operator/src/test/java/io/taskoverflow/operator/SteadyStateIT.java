package io.taskoverflow.operator;

import static io.taskoverflow.operator.InClusterTaskOverflowIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Set<String> OPERATOR_RESOURCES =
      Set.of(
          "taskoverflows",
          "secrets",
          "services",
          "statefulsets",
          "deployments",
          "ingresses",
          "events");
  private static final Pattern REQUEST_TOTAL =
      Pattern.compile("^apiserver_request_total\\{([^}]*)} (\\d+(?:\\.\\d+)?(?:e\\+\\d+)?)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

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

      Map<String, Double> before = operatorWrites(client);
      Thread.sleep(QUIET_PERIOD.toMillis());
      Map<String, Double> after = operatorWrites(client);

      Map<String, Double> delta = new TreeMap<>();
      after.forEach(
          (key, value) -> {
            double change = value - before.getOrDefault(key, 0.0);
            if (change > 0) {
              delta.put(key, change);
            }
          });
      assertThat(delta).as("write requests during %s of steady state", QUIET_PERIOD).isEmpty();
    }
  }

  /** Write requests per verb and resource, from the API server's Prometheus metrics. */
  private static Map<String, Double> operatorWrites(KubernetesClient client) {
    Map<String, Double> writes = new TreeMap<>();
    for (String line : client.raw("/metrics").split("\n")) {
      Matcher total = REQUEST_TOTAL.matcher(line);
      if (!total.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(total.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String verb = labels.getOrDefault("verb", "");
      String resource = labels.getOrDefault("resource", "");
      if (WRITE_VERBS.contains(verb) && OPERATOR_RESOURCES.contains(resource)) {
        String key = verb + " " + resource + "/" + labels.getOrDefault("subresource", "");
        writes.merge(key, Double.parseDouble(total.group(2)), Double::sum);
      }
    }
    return writes;
  }
}
