package io.taskoverflow.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A real kube-controller-manager connected to the {@link SharedKubeApiServer}, for tests that need
 * what its controllers do: garbage collection through owner references, Deployment → ReplicaSet. A
 * bare API server does neither. Started per test class by {@link KubeControllerManagerExtension},
 * so that classes which do not ask for it see no controllers.
 */
public final class KubeControllerManager implements AutoCloseable {

  /** Controllers that need no cloud provider, nodes or signing keys. */
  static final List<String> CONTROLLERS =
      List.of(
          "garbagecollector",
          "namespace",
          "deployment",
          "replicaset",
          "statefulset",
          // releases a claim's protection finalizer once no pod uses it, so claims can go
          "persistentvolumeclaim-protection-controller",
          "serviceaccount");

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path workDir;

  private KubeControllerManager(Process process, Path workDir) {
    this.process = process;
    this.workDir = workDir;
  }

  static KubeControllerManager start(SharedKubeApiServer apiServer) {
    return start(apiServer, CONTROLLERS, List.of());
  }

  /**
   * A controller manager with other controllers, or more flags ({@code --name=value}), for a
   * program outside JUnit such as the scale benchmark; the caller closes it.
   */
  public static KubeControllerManager start(
      SharedKubeApiServer apiServer, List<String> controllers, List<String> extraFlags) {
    Path binary = KubeBinaries.require("kube-controller-manager");
    Path log = LocalProcesses.logFile("kube-controller-manager.log");
    int port = LocalProcesses.freePort();
    try {
      Path workDir = Files.createTempDirectory("kube-controller-manager");
      Path kubeconfig =
          Files.writeString(workDir.resolve("kubeconfig"), apiServer.kubeConfigYaml());
      List<String> command =
          new ArrayList<>(
              List.of(
                  binary.toString(),
                  "--kubeconfig=" + kubeconfig,
                  "--controllers=" + String.join(",", controllers),
                  "--leader-elect=false",
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + port,
                  "--cert-dir=" + workDir.resolve("certs")));
      command.addAll(extraFlags);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.toFile()))
              .start();
      long startedAt = System.nanoTime();
      LocalProcesses.awaitReady(
          process, "kube-controller-manager", log, STARTUP_TIMEOUT, () -> healthy(port));
      System.out.printf(
          "kube-controller-manager ready in %d ms%n",
          Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
      return new KubeControllerManager(process, workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + binary, e);
    }
  }

  @Override
  public void close() {
    LocalProcesses.stop(process);
    LocalProcesses.deleteRecursively(workDir); // holds admin credentials
  }

  /**
   * /healthz of a Kubernetes component on this port (the controller manager, the scheduler): open
   * to anonymous requests; the serving certificate is self-signed.
   */
  static boolean healthy(int port) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      // HTTP/1.1: the server answers unauthenticated HTTP/2 with GOAWAY (Kubernetes' mitigation
      // of HTTP/2 denial of service).
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .sslContext(trustingSelfSignedCertificate())
              .build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SSLContext trustingSelfSignedCertificate() {
    // The extended variant: the JDK wraps a plain X509TrustManager in one that still checks the
    // host name against the certificate.
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
