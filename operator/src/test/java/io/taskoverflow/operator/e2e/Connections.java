package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.kube.Hardening;
import io.taskoverflow.operator.testsupport.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * TCP connections tried from inside the cluster, as a client there makes them: from a probe pod
 * (the todo image, for its bash and coreutils, idling until its namespace goes) or from a running
 * todo pod, by exec. Every pod made here passes Pod Security "restricted".
 */
final class Connections {

  /** What one attempt came to. */
  enum Outcome {
    /** The connection was accepted. */
    OPEN,
    /** Refused, or the name did not resolve: nothing let through, at once. */
    FAILED,
    /** No answer within {@link #ATTEMPT_SECONDS}: dropped on the way, as a NetworkPolicy does. */
    TIMED_OUT
  }

  /** How long a new or changed NetworkPolicy may take to be enforced. */
  static final Duration ENFORCED_WITHIN = Duration.ofSeconds(30);

  private static final int ATTEMPT_SECONDS = 4;
  private static final long TODO_UID = 10001;

  /** The instance metadata service's address on EC2 (and Azure, GCP's alias). */
  static final String METADATA_ADDRESS = "169.254.169.254";

  /**
   * bash's /dev/tcp, inside {@code timeout}: exit 0 connected, 124 no answer, anything else failed.
   * The host and port are the script's {@code $0} and {@code $1}, never spliced into it.
   */
  private static final String CONNECT =
      "timeout "
          + ATTEMPT_SECONDS
          + " bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' \"$0\" \"$1\" 2>/dev/null;"
          + " case $? in 0) echo OPEN;; 124) echo TIMED_OUT;; *) echo FAILED;; esac";

  /** An HTTP/1.0 GET over /dev/tcp ($2: the path): the whole answer, or nothing. */
  private static final String HTTP_GET =
      "timeout 10 bash -c 'exec 3<>\"/dev/tcp/$0/$1\" || exit 1;"
          + " printf \"GET %s HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n\" \"$2\" \"$0\" >&3; cat <&3'"
          + " \"$0\" \"$1\" \"$2\" 2>/dev/null; true";

  private Connections() {}

  /** Starts a pod of the todo image that only idles; returns its name once it runs. */
  static String probe(KubernetesClient client, String namespace, String todoImage) {
    String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/name", "netpol-probe"))
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(1L)
                .withSecurityContext(Hardening.pod(TODO_UID))
                .addNewContainer()
                .withName("probe")
                .withImage(todoImage)
                .withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "3600")
                .withSecurityContext(Hardening.container())
                .withNewResources()
                .addToRequests("cpu", new Quantity("10m"))
                .addToRequests("memory", new Quantity("16Mi"))
                .addToLimits("memory", new Quantity("64Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build())
        .create();
    awaitRunning(client, namespace, name);
    return name;
  }

  /**
   * A PostgreSQL server in a pod of its own, under no policy of the operator's: something that
   * listens (on 5432) for the todo pods to be kept away from. Returns the pod once it accepts
   * connections.
   */
  static Pod listener(KubernetesClient client, String namespace, String postgresImage) {
    return listen(client, namespace, postgresImage, "*", "127.0.0.1", false);
  }

  /**
   * The same on the node's network, listening only on the instance metadata address, which the
   * script gives the nodes (EC2's is not there on kind): a stand-in for the metadata service that
   * the todo pods must never reach, on the one port their policy lets out to any other address.
   * Host network needs a namespace that does not enforce Pod Security restricted.
   */
  static Pod metadataListener(KubernetesClient client, String namespace, String postgresImage) {
    return listen(client, namespace, postgresImage, METADATA_ADDRESS, METADATA_ADDRESS, true);
  }

  private static Pod listen(
      KubernetesClient client,
      String namespace,
      String postgresImage,
      String listenAddresses,
      String probedAddress,
      boolean hostNetwork) {
    String name = "listener-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/name", "netpol-listener"))
                .endMetadata()
                .withSpec(
                    PostgresPods.spec(
                            postgresImage,
                            List.of(
                                PostgresPods.env(
                                    "POSTGRES_PASSWORD", "listener-" + UUID.randomUUID())),
                            "postgres",
                            "-c",
                            "listen_addresses=" + listenAddresses)
                        .withRestartPolicy("Never")
                        .withHostNetwork(hostNetwork)
                        .build())
                .build())
        .create();
    awaitRunning(client, namespace, name);
    Eventually.await(
        "the listener " + name + " accepts connections",
        Duration.ofMinutes(2),
        () -> {
          try {
            Workloads.exec(client, namespace, name, "pg_isready", "-h", probedAddress, "-t", "2");
            return true;
          } catch (AssertionError notYet) {
            return false;
          }
        });
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  /** One attempt from {@code pod} (its first container has bash) to {@code host:port}. */
  static Outcome attempt(
      KubernetesClient client, String namespace, String pod, String host, int port) {
    String out =
        Workloads.exec(client, namespace, pod, "bash", "-c", CONNECT, host, Integer.toString(port));
    return Outcome.valueOf(out.strip());
  }

  /** Waits until the connection is accepted (pods and names may still be coming up). */
  static void awaitOpen(
      KubernetesClient client, String namespace, String pod, String host, int port, String what) {
    Outcome[] last = {null};
    try {
      Eventually.await(
          what + ": " + pod + " connects to " + host + ":" + port,
          Duration.ofSeconds(90),
          () -> (last[0] = attempt(client, namespace, pod, host, port)) == Outcome.OPEN);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " (last attempt: " + last[0] + ")", e);
    }
  }

  /**
   * The connection is not let through: within {@link #ENFORCED_WITHIN} no attempt gets through, and
   * two attempts in a row confirm it.
   */
  static void awaitBlocked(
      KubernetesClient client, String namespace, String pod, String host, int port, String what) {
    try {
      Eventually.await(
          what + ": " + pod + " cannot connect to " + host + ":" + port,
          ENFORCED_WITHIN,
          () ->
              attempt(client, namespace, pod, host, port) != Outcome.OPEN
                  && attempt(client, namespace, pod, host, port) != Outcome.OPEN);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + ": the connection is still accepted; is NetworkPolicy enforced by the cluster's"
              + " CNI? (kind's bridge CNI enforces none)",
          e);
    }
  }

  /** {@code GET path} over HTTP/1.0 from {@code pod}: the status line and body, or "" on none. */
  static String httpGet(
      KubernetesClient client, String namespace, String pod, String host, int port, String path) {
    return Workloads.exec(
        client, namespace, pod, "bash", "-c", HTTP_GET, host, Integer.toString(port), path);
  }

  private static void awaitRunning(KubernetesClient client, String namespace, String name) {
    Eventually.await(
        "pod " + name + " runs",
        Duration.ofMinutes(2),
        () -> {
          Pod pod = client.pods().inNamespace(namespace).withName(name).get();
          return pod != null
              && pod.getStatus() != null
              && "Running".equals(pod.getStatus().getPhase());
        });
  }
}
