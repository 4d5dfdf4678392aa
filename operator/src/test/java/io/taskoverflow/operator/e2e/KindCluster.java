package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The kind cluster that {@code scripts/kind-e2e.sh} brought up, with the operator's chart
 * installed: a client of it (the kubeconfig's context {@code taskoverflow.e2e.context}, else the
 * current one) for parameters of type {@link KubernetesClient}, the settings of the installation,
 * and a TAP line per test ({@code ok 3 - TodoApiE2E: ...}) as each one ends.
 */
public final class KindCluster implements BeforeAllCallback, ParameterResolver, TestWatcher {

  /** The operator's namespace and Helm release, as the script installed them. */
  public static final String OPERATOR_NAMESPACE =
      System.getProperty("taskoverflow.e2e.operatorNamespace", "taskoverflow-system");

  public static final String RELEASE =
      System.getProperty("taskoverflow.e2e.release", "taskoverflow-operator");

  /** The context of the kubeconfig for helm; empty: the current one. */
  public static final String CONTEXT = System.getProperty("taskoverflow.e2e.context", "");

  public static final String HELM = System.getProperty("taskoverflow.e2e.helm", "helm");

  /** The repository's root: the chart and the examples live there. */
  public static final Path REPOSITORY =
      Path.of(System.getProperty("taskoverflow.e2e.repository", "..")).toAbsolutePath().normalize();

  /** How long a TaskOverflow may take to become Ready (the script's READY_TIMEOUT). */
  public static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KindCluster.class);

  private static final AtomicInteger TESTS = new AtomicInteger();

  /** One client per test JVM, closed by JUnit when the run ends. */
  private static final class Client implements ExtensionContext.Store.CloseableResource {
    final KubernetesClient client;

    Client() {
      Config config =
          CONTEXT.isEmpty() ? Config.autoConfigure(null) : Config.autoConfigure(CONTEXT);
      client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
      client.close();
    }
  }

  static KubernetesClient client(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Client.class, key -> new Client(), Client.class)
        .client;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    KubernetesClient client = client(context);
    boolean operatorInstalled;
    try {
      operatorInstalled =
          !client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).list().getItems().isEmpty();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot reach the cluster of context "
              + (CONTEXT.isEmpty() ? "(current)" : CONTEXT)
              + ": bring it up with scripts/kind-e2e.sh (make e2e TEST=...)",
          e);
    }
    if (!operatorInstalled) {
      throw new IllegalStateException(
          "no operator in namespace "
              + OPERATOR_NAMESPACE
              + " of "
              + client.getMasterUrl()
              + ": bring the cluster up with scripts/kind-e2e.sh (make e2e TEST=...)");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return client(context);
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    System.out.printf("ok %d - %s%n", TESTS.incrementAndGet(), name(context));
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    System.out.printf(
        "not ok %d - %s%n#   %s%n",
        TESTS.incrementAndGet(),
        name(context),
        String.valueOf(cause.getMessage()).replace("\n", "\n#   "));
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    testFailed(context, cause);
  }

  private static String name(ExtensionContext context) {
    return context.getRequiredTestClass().getSimpleName()
        + ": "
        + context.getTestMethod().map(method -> method.getName()).orElse(context.getDisplayName());
  }

  /** Prints a TAP comment, for timings and counts: {@code # time apply to Ready: 10.1 s}. */
  public static void note(String format, Object... args) {
    System.out.println("# " + String.format(format, args));
  }

  /** Seconds since {@code startedNanos} (from {@link System#nanoTime()}), one decimal. */
  public static String secondsSince(long startedNanos) {
    return String.format("%.1f", (System.nanoTime() - startedNanos) / 1e9);
  }
}
