package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's NetworkPolicies, enforced by the cluster's CNI, proved with real connections:
 * tenant A (the example, InCluster) in one namespace, and in another namespace B a pod that tries
 * to reach it and a PostgreSQL of nobody's that A's todo pods must not reach. Each check that
 * something is blocked is paired with one that the same target answers an allowed client, so a
 * blocked connection is the policy's doing, not a target that is not there.
 */
@ExtendWith(KindCluster.class)
class NetworkPolicyE2E {

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  private static final int TODO_PORT = 6400;
  private static final int POSTGRES_PORT = 5432;

  /** What every scenario works with, set up once. */
  record Tenant(
      String namespace,
      String name,
      String other,
      String probeInTenant,
      String probeElsewhere,
      Pod listener) {

    /** PostgreSQL's name, as the todo pods dial it (its headless Service: the pod's address). */
    String postgres() {
      return name + "-postgres." + namespace + ".svc";
    }

    /** The todo Service's name. */
    String service() {
      return name + "." + namespace + ".svc";
    }

    /** A ready todo pod of A. */
    Pod todoPod(KubernetesClient client) {
      List<Pod> pods =
          Workloads.appPods(client, namespace, name).stream().filter(TodoService::ready).toList();
      assertThat(pods).as("a ready todo pod of %s/%s", namespace, name).isNotEmpty();
      return pods.get(0);
    }
  }

  private static KubernetesClient client;
  private static final Once<Tenant> TENANT = new Once<>(NetworkPolicyE2E::setUp);

  private static Tenant setUp() {
    String namespace = namespaces.restricted(client, "e2e-netpol-a");
    String other = namespaces.restricted(client, "e2e-netpol-b");
    String name = Workloads.applyExample(client, namespace);
    Workloads.awaitReady(client, namespace, name);
    // The images the cluster runs already: the operator's own choice, loaded into the nodes.
    String todoImage =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage();
    String postgresImage =
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withName(name + "-postgres")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage();
    assertThat(client.network().v1().networkPolicies().inNamespace(namespace).list().getItems())
        .as("the operator's policies in %s", namespace)
        .extracting(policy -> policy.getMetadata().getName())
        .containsExactlyInAnyOrder(name, name + "-postgres");
    return new Tenant(
        namespace,
        name,
        other,
        Connections.probe(client, namespace, todoImage),
        Connections.probe(client, other, todoImage),
        Connections.listener(client, other, postgresImage));
  }

  private static Tenant tenant(KubernetesClient kubernetes) {
    client = kubernetes;
    return TENANT.get();
  }

  @AfterAll
  static void noteTheNamespaces() {
    TENANT
        .ifDone()
        .ifPresent(
            t ->
                KindCluster.note(
                    "network policies: tenant %s, other %s", t.namespace(), t.other()));
  }

  @Test
  void aPodOfAnotherNamespaceCannotReachTheTenantsPostgres(KubernetesClient kubernetes) {
    Tenant a = tenant(kubernetes);
    String todoPod = a.todoPod(client).getMetadata().getName();
    Connections.awaitOpen(
        client, a.namespace(), todoPod, a.postgres(), POSTGRES_PORT, "the tenant's own todo pod");

    Connections.awaitBlocked(
        client, a.other(), a.probeElsewhere(), a.postgres(), POSTGRES_PORT, "another namespace");
  }

  @Test
  void aPodOfAnotherNamespaceCannotReachTheTenantsTodoPods(KubernetesClient kubernetes) {
    Tenant a = tenant(kubernetes);
    String todoIp = a.todoPod(client).getStatus().getPodIP();
    Connections.awaitOpen(
        client, a.namespace(), a.probeInTenant(), todoIp, TODO_PORT, "a pod of its namespace");
    Connections.awaitOpen(
        client, a.namespace(), a.probeInTenant(), a.service(), 80, "a pod of its namespace");

    Connections.awaitBlocked(
        client, a.other(), a.probeElsewhere(), todoIp, TODO_PORT, "another namespace, the pod");
    Connections.awaitBlocked(
        client, a.other(), a.probeElsewhere(), a.service(), 80, "another namespace, the Service");
  }

  @Test
  void aPodOfTheTenantThatIsNotItsTodoAppCannotReachItsPostgres(KubernetesClient kubernetes) {
    Tenant a = tenant(kubernetes);
    String todoPod = a.todoPod(client).getMetadata().getName();
    Connections.awaitOpen(
        client, a.namespace(), todoPod, a.postgres(), POSTGRES_PORT, "the tenant's own todo pod");

    Connections.awaitBlocked(
        client,
        a.namespace(),
        a.probeInTenant(),
        a.postgres(),
        POSTGRES_PORT,
        "a pod of the tenant's namespace that is not its todo app");
  }

  @Test
  void theTodoPodsCannotReachAListenerTheyHaveNoEgressTo(KubernetesClient kubernetes) {
    Tenant a = tenant(kubernetes);
    String listener = a.listener().getStatus().getPodIP();
    Connections.awaitOpen(
        client, a.other(), a.probeElsewhere(), listener, POSTGRES_PORT, "a pod beside it");
    Connections.awaitOpen(
        client, a.other(), a.probeElsewhere(), "kubernetes.default.svc", 443, "a pod elsewhere");

    String todoPod = a.todoPod(client).getMetadata().getName();
    Connections.awaitBlocked(
        client,
        a.namespace(),
        todoPod,
        listener,
        POSTGRES_PORT,
        "the todo pod, to a PostgreSQL in another namespace");
    Connections.awaitBlocked(
        client,
        a.namespace(),
        todoPod,
        "kubernetes.default.svc",
        443,
        "the todo pod, to the Kubernetes API");
  }

  @Test
  void theTodoPodsCannotReachTheInstanceMetadataAddressEvenOnTheirDatabasePort(
      KubernetesClient kubernetes) {
    Tenant a = tenant(kubernetes);
    // An External TaskOverflow's todo pods may reach their database's port on any address but
    // the metadata service's: the one exception to show.
    String teamDatabase =
        Workloads.externalOnATeamDatabase(client, a.namespace(), "imds-db", "external");
    Workloads.awaitReady(client, a.namespace(), "external");
    String node = namespaces.unrestricted(client, "e2e-metadata");
    Connections.metadataListener(
        client, node, a.listener().getSpec().getContainers().get(0).getImage());
    String metadata = Connections.METADATA_ADDRESS;
    Connections.awaitOpen(
        client, a.other(), a.probeElsewhere(), metadata, POSTGRES_PORT, "a pod under no policy");

    String external =
        Workloads.appPods(client, a.namespace(), "external").stream()
            .filter(TodoService::ready)
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    Connections.awaitOpen(
        client, a.namespace(), external, teamDatabase, POSTGRES_PORT, "the External todo pod");
    Connections.awaitBlocked(
        client,
        a.namespace(),
        external,
        metadata,
        POSTGRES_PORT,
        "the External todo pod, to the metadata address");
    Connections.awaitBlocked(
        client,
        a.namespace(),
        a.todoPod(client).getMetadata().getName(),
        metadata,
        POSTGRES_PORT,
        "the InCluster todo pod, to the metadata address");
  }

  @Test
  void theTenantServesTodosThroughItsServiceAlsoAfterAPostgresRestart(KubernetesClient kubernetes) {
    Tenant a = tenant(kubernetes);
    try (TodoService service = TodoService.open(client, a.namespace(), a.name())) {
      KeptTodos todos = KeptTodos.create(service);
      awaitServedInCluster(a, todos, "before the restart");

      String postgres = a.name() + "-postgres-0";
      Pod old = client.pods().inNamespace(a.namespace()).withName(postgres).get();
      client.resource(old).delete();
      Eventually.await(
          postgres + " is replaced",
          Duration.ofMinutes(2),
          () -> {
            Pod now = client.pods().inNamespace(a.namespace()).withName(postgres).get();
            return now != null && !now.getMetadata().getUid().equals(old.getMetadata().getUid());
          });
      Workloads.awaitStatefulSetRollout(
          client, a.namespace(), a.name() + "-postgres", Duration.ofMinutes(5));
      Workloads.awaitReady(client, a.namespace(), a.name());

      todos.assertNothingLost(service, "after a PostgreSQL restart under the policies");
      awaitServedInCluster(a, todos, "after the restart");
    }
  }

  /** A pod of the tenant's namespace gets the kept todo through the Service, within a minute. */
  private static void awaitServedInCluster(Tenant a, KeptTodos todos, String when) {
    String path = "/api/v1/todos/" + todos.keepId;
    String[] last = {""};
    try {
      Eventually.await(
          when + ": GET " + path + " through service " + a.service() + " answers the todo",
          Duration.ofSeconds(60),
          () -> {
            last[0] =
                Connections.httpGet(
                    client, a.namespace(), a.probeInTenant(), a.service(), 80, path);
            return last[0].matches("(?s)HTTP/1\\.[01] 200 .*")
                && last[0].contains(todos.marker + " keep");
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
    }
  }
}
