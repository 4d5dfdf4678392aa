package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.taskoverflow.operator.testsupport.Scrape;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A pod's {@code /metrics} on its named port, reached through a port-forward. */
final class PodMetrics {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PodMetrics() {}

  static Scrape scrape(KubernetesClient client, Pod pod, String portName) {
    return Scrape.of(text(client, pod, portName));
  }

  static String text(KubernetesClient client, Pod pod, String portName) {
    String name = pod.getMetadata().getName();
    try (LocalPortForward forward =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(name)
            .portForward(port(pod, portName), InetAddress.getLoopbackAddress(), 0)) {
      String address = InetAddress.getLoopbackAddress().getHostAddress();
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + address + ":" + forward.getLocalPort() + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET /metrics of " + name + ": " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new AssertionError("cannot scrape " + name + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static int port(Pod pod, String portName) {
    return pod.getSpec().getContainers().stream()
        .flatMap(container -> container.getPorts().stream())
        .filter(port -> portName.equals(port.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(pod.getMetadata().getName() + " has no " + portName))
        .getContainerPort();
  }
}
