package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.tls.CertificateAuthority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * External TaskOverflows on a team's own PostgreSQL, served over TLS: with the team's CA in the
 * user's Secret the todo pods verify the server and serve; a server whose certificate another CA
 * issued is refused by them; without a CA the connection works and the status says it is not
 * verified.
 */
@ExtendWith(KindCluster.class)
class ExternalDatabaseE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void anExternalTaskOverflowServesTodosFromAVerifiedServer(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-external");
    Workloads.externalOnATeamDatabase(client, namespace, "team-db", "verified");
    Workloads.awaitReady(client, namespace, "verified");
    assertThat(Workloads.condition(client, namespace, "verified", "DatabaseReady").getMessage())
        .contains("verified against the Secret's ca.crt");
    try (TodoService service = TodoService.open(client, namespace, "verified")) {
      KeptTodos todos = KeptTodos.create(service);
      todos.assertNothingLost(service, "on the team's PostgreSQL");
    }
  }

  @Test
  void aServerWithACertificateOfAnotherCaIsRefused(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-impostor");
    CertificateAuthority impostors = CertificateAuthority.generate("impostor-ca", Instant.now());
    CertificateAuthority teams = CertificateAuthority.generate("team-ca", Instant.now());
    TeamPostgres.start(client, namespace, "impostor", impostors)
        .userSecret(client, "team-db", Optional.of(teams));
    TaskOverflows.create(client, namespace, "trusting", TeamPostgres.externalSpec("team-db"));

    Eventually.await(
        "a todo pod of trusting says the server's certificate is not trusted",
        Duration.ofMinutes(3),
        () -> {
          List<Pod> pods = Workloads.appPods(client, namespace, "trusting");
          return pods.stream()
              .anyMatch(
                  pod ->
                      Workloads.refusedTheDatabaseCertificate(
                          client, namespace, pod.getMetadata().getName()));
        });
    assertThat(Workloads.appPods(client, namespace, "trusting"))
        .as("no todo pod is ready on a server it cannot verify")
        .noneMatch(TodoService::ready);
    assertThat(Workloads.conditionStatus(client, namespace, "trusting", "Ready"))
        .isNotEqualTo("True");
  }

  @Test
  void withoutACaTheConnectionWorksAndTheStatusSaysItIsNotVerified(KubernetesClient client) {
    String namespace = namespaces.restricted(client, "e2e-unverified");
    CertificateAuthority ca = CertificateAuthority.generate("team-ca", Instant.now());
    TeamPostgres.start(client, namespace, "team-postgres", ca)
        .userSecret(client, "team-db", Optional.empty());
    TaskOverflows.create(client, namespace, "unverified", TeamPostgres.externalSpec("team-db"));
    Workloads.awaitReady(client, namespace, "unverified");
    assertThat(Workloads.condition(client, namespace, "unverified", "DatabaseReady").getMessage())
        .contains("the connection is not verified");
  }
}
