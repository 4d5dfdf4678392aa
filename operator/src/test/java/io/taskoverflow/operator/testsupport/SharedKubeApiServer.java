package io.taskoverflow.operator.testsupport;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One real kube-apiserver + etcd for the whole test JVM. Starting them takes seconds, so every IT
 * class shares them and keeps to its own namespaces. Obtain it through {@link
 * KubeApiServerExtension}.
 */
public final class SharedKubeApiServer implements AutoCloseable {

  /** kube-api-test's 60 s default is too tight on 2 cores when the page cache is cold. */
  private static final int STARTUP_TIMEOUT_MILLIS = 180_000;

  private final KubeAPIServer server;
  private final String kubeConfigYaml;
  private final KubernetesClient client;
  private final Duration startupTime;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SharedKubeApiServer(KubeAPIServer server, Duration startupTime) {
    this.server = server;
    this.startupTime = startupTime;
    this.kubeConfigYaml = server.getKubeConfigYaml();
    this.client = new KubernetesClientBuilder().withConfig(baseConfig()).build();
    // The JUnit root store closes this at the end of the run; the hook covers a JVM that is
    // interrupted, so that no kube-apiserver or etcd outlives it.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-kube-apiserver"));
  }

  static SharedKubeApiServer start() {
    return start(List.of());
  }

  private static SharedKubeApiServer start(List<String> extraFlags) {
    KubeBinaries.require("kube-apiserver");
    KubeBinaries.require("etcd");
    KubeBinaries.require("kubectl"); // kube-api-test runs it for its readiness check
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(KubeBinaries.testDir().toString())
                .withApiServerVersion(KubeBinaries.version())
                // The KUBE_API_TEST_OFFLINE_MODE variable fails with a ClassCastException in
                // kube-api-test 7.5/7.6; the builder flag works.
                .withOfflineMode(true)
                .withStartupTimeout(STARTUP_TIMEOUT_MILLIS)
                .withApiServerFlags(extraFlags)
                .build());
    long startedAt = System.nanoTime();
    server.start();
    Duration startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
    System.out.printf(
        "kube-apiserver v%s + etcd ready in %d ms%n",
        KubeBinaries.version(), startupTime.toMillis());
    return new SharedKubeApiServer(server, startupTime);
  }

  /**
   * A server of its own for a program outside JUnit, such as the operator benchmark; the caller
   * closes it (the shutdown hook covers an interrupted program).
   */
  public static SharedKubeApiServer startStandalone() {
    return start();
  }

  /**
   * A server of its own, as {@link #startStandalone()}, with more kube-apiserver flags ({@code
   * --name=value}). kube-api-test puts its own flags last, so those it sets cannot be changed.
   */
  public static SharedKubeApiServer startStandalone(List<String> extraFlags) {
    return start(extraFlags);
  }

  /** Client authenticated as a member of system:masters: it may do anything. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A new client that impersonates a ServiceAccount, as the API server would see a pod running
   * under it; proves RBAC rules without a token. The caller closes it.
   */
  public KubernetesClient clientAsServiceAccount(String namespace, String name) {
    Config config =
        new ConfigBuilder(baseConfig())
            .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + name)
            .withImpersonateGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + namespace,
                "system:authenticated")
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Kubeconfig that authenticates with a token of the ServiceAccount, issued by the API server
   * (TokenRequest) as for a pod's mounted token; for processes that must run as it.
   */
  public String kubeConfigYamlForServiceAccount(String namespace, String name) {
    String token =
        client
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(name)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    KubernetesSerialization yaml = new KubernetesSerialization();
    io.fabric8.kubernetes.api.model.Config admin =
        yaml.unmarshal(kubeConfigYaml, io.fabric8.kubernetes.api.model.Config.class);
    String user = namespace + ":" + name;
    io.fabric8.kubernetes.api.model.Config serviceAccount =
        new io.fabric8.kubernetes.api.model.ConfigBuilder(admin)
            .withUsers(
                new NamedAuthInfoBuilder()
                    .withName(user)
                    .withNewUser()
                    .withToken(token)
                    .endUser()
                    .build())
            .withContexts(
                new NamedContextBuilder()
                    .withName(user)
                    .withNewContext()
                    .withCluster(admin.getClusters().get(0).getName())
                    .withUser(user)
                    .withNamespace(namespace)
                    .endContext()
                    .build())
            .withCurrentContext(user)
            .build();
    return yaml.asYaml(serviceAccount);
  }

  /** Kubeconfig with admin credentials, for processes started beside the server. */
  public String kubeConfigYaml() {
    return kubeConfigYaml;
  }

  public Duration startupTime() {
    return startupTime;
  }

  /** The kube-api-test server itself, for {@link ApiServerOutage}. */
  KubeAPIServer kubeApiServer() {
    return server;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close();
      server.stop();
    }
  }

  private Config baseConfig() {
    return Config.fromKubeconfig(kubeConfigYaml);
  }
}
