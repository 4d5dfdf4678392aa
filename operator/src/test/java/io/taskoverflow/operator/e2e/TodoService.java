package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The todo service of a TaskOverflow as a user reaches it with {@code kubectl port-forward
 * service/NAME}: a port-forward from a free port of the loopback address to a pod behind the
 * Service (a ready one first), and requests to it with the JDK's HTTP client.
 */
public final class TodoService implements AutoCloseable {

  /** What a request got: {@code status} 0 when nothing answered (curl's 000). */
  public record Answer(int status, String body, String error) {
    @Override
    public String toString() {
      return status == 0 ? "no answer (" + error + ")" : "HTTP " + status + ": " + body;
    }
  }

  private static final Duration OPEN_WITHIN = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private LocalPortForward forward;
  private final boolean throughTheService;

  private TodoService(
      KubernetesClient client, String namespace, String name, boolean throughTheService) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.throughTheService = throughTheService;
  }

  /**
   * Requests through the API server's proxy to the TaskOverflow's Service, which picks a ready pod
   * for each: as a client of the Service sees it while the pods behind it are replaced (a
   * port-forward holds on to one pod).
   */
  public static TodoService throughTheService(
      KubernetesClient client, String namespace, String name) {
    TodoService service = new TodoService(client, namespace, name, true);
    Answer ready = service.get("/api/v1/ready");
    if (ready.status() != 200) {
      throw new AssertionError(
          "the todo service of " + namespace + "/" + name + " is not ready: " + ready);
    }
    return service;
  }

  /**
   * A port-forward to the TaskOverflow's Service, once the todo service answers {@code GET
   * /api/v1/ready} with 200 through it (within 60 s, as the script's {@code start_port_forward}).
   */
  public static TodoService open(KubernetesClient client, String namespace, String name) {
    TodoService service = new TodoService(client, namespace, name, false);
    long deadline = System.nanoTime() + OPEN_WITHIN.toNanos();
    String last = "no pod behind service/" + name;
    while (System.nanoTime() < deadline) {
      if (service.forward == null
          || !service.forward.isAlive()
          || service.forward.errorOccurred()) {
        service.closeForward();
        service.forward = service.forwardToAPod();
      }
      if (service.forward != null) {
        Answer ready = service.request("GET", "/api/v1/ready", null, Duration.ofSeconds(2));
        if (ready.status() == 200) {
          return service;
        }
        last = ready.toString();
      }
      sleep(Duration.ofSeconds(1));
    }
    service.close();
    throw new AssertionError(
        "the todo service of " + namespace + "/" + name + " did not answer within 60 s: " + last);
  }

  private LocalPortForward forwardToAPod() {
    Service service = client.services().inNamespace(namespace).withName(name).get();
    if (service == null) {
      return null;
    }
    List<Pod> pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(service.getSpec().getSelector())
            .list()
            .getItems()
            .stream()
            .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
            .filter(pod -> "Running".equals(pod.getStatus().getPhase()))
            .sorted(Comparator.comparing(pod -> ready(pod) ? 0 : 1))
            .toList();
    if (pods.isEmpty()) {
      return null;
    }
    Pod pod = pods.get(0);
    IntOrString target = service.getSpec().getPorts().get(0).getTargetPort();
    int port =
        target.getIntVal() != null
            ? target.getIntVal()
            : pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(p -> target.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow();
    return client
        .pods()
        .inNamespace(namespace)
        .withName(pod.getMetadata().getName())
        .portForward(port, InetAddress.getLoopbackAddress(), 0);
  }

  static boolean ready(Pod pod) {
    return pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public Answer get(String path) {
    return request("GET", path, null, REQUEST_TIMEOUT);
  }

  public Answer request(String method, String path, String json) {
    return request(method, path, json, REQUEST_TIMEOUT);
  }

  /** One request; {@code json} (may be null) as its body. Never throws: see {@link Answer}. */
  public Answer request(String method, String path, String json, Duration timeout) {
    if (throughTheService) {
      return proxied(method, path, json, timeout);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + InetAddress.getLoopbackAddress().getHostAddress()
                        + ":"
                        + forward.getLocalPort()
                        + path))
            .timeout(timeout);
    if (json != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), null);
    } catch (IOException e) {
      return new Answer(0, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "", e.toString());
    }
  }

  private Answer proxied(String method, String path, String json, Duration timeout) {
    var http = client.getHttpClient();
    var request =
        http.newHttpRequestBuilder()
            .uri(
                client.getMasterUrl()
                    + "api/v1/namespaces/"
                    + namespace
                    + "/services/"
                    + name
                    + ":http/proxy"
                    + path)
            .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    // fabric8's JDK client sends a request without a body as a GET: give other methods an empty
    // one.
    if (json != null || !"GET".equals(method)) {
      request.method(method, "application/json", json == null ? "" : json);
    }
    try {
      var response =
          http.sendAsync(request.build(), String.class)
              .get(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
      return new Answer(response.code(), response.body() == null ? "" : response.body(), null);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return new Answer(0, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "", e.toString());
    }
  }

  private void closeForward() {
    if (forward != null) {
      try {
        forward.close();
      } catch (IOException e) {
        // the pod behind it is gone: nothing to close
      }
      forward = null;
    }
  }

  @Override
  public void close() {
    closeForward();
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
