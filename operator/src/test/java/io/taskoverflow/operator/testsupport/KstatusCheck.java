package io.taskoverflow.operator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.crd.TaskOverflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * What kstatus (sigs.k8s.io/cli-utils, the library Flux and kpt read health with) makes of a
 * TaskOverflow, computed by the real library, and what the chart's Argo CD health check makes of
 * it, run in Argo CD's Lua interpreter: {@code kstatus-check}, built by {@code
 * scripts/test-kstatus.sh} into the test binaries' folder (or {@code KSTATUS_CHECK}).
 */
public final class KstatusCheck {

  /**
   * @param status kstatus's verdict: InProgress, Current, Failed, Terminating, NotFound or Unknown
   * @param argocd the health the chart's Argo CD check gives it: Healthy, Progressing or Degraded
   * @param argocdMessage that check's message
   */
  public record Result(String status, String message, String argocd, String argocdMessage) {}

  /** The Argo CD health check the chart ships, run by the checker in Argo CD's Lua interpreter. */
  public static final Path ARGOCD_HEALTH =
      Path.of("..", "helm", "taskoverflow-operator", "files", "argocd-health.lua");

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private KstatusCheck() {}

  public static Result of(HasMetadata resource) {
    Path binary = binary();
    try {
      Process process =
          new ProcessBuilder(
                  binary.toString(), "-argocd-health", ARGOCD_HEALTH.toAbsolutePath().toString())
              .start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(JSON.asJson(resource).getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("kstatus-check failed: " + err);
      }
      Map<?, ?> result = JSON.unmarshal(out, Map.class);
      Map<?, ?> argocd = (Map<?, ?>) result.get("argocd");
      return new Result(
          String.valueOf(result.get("status")),
          String.valueOf(result.get("message")),
          String.valueOf(argocd.get("status")),
          String.valueOf(argocd.get("message")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The resource once kstatus reads {@code status} on it; fails after {@code timeout}. */
  public static TaskOverflow await(
      KubernetesClient client, String namespace, String name, String status, Duration timeout) {
    AtomicReference<TaskOverflow> seen = new AtomicReference<>();
    Eventually.await(
        name + " reads " + status + " under kstatus",
        timeout,
        () -> {
          TaskOverflow current = TaskOverflows.of(client, namespace, name).get();
          seen.set(current);
          return current != null && status.equals(of(current).status());
        });
    return seen.get();
  }

  /**
   * A request to the Kubernetes API ({@code https://10.96.0.1/api/v1/...}, {@code .../apis/...});
   * other URLs may be what the user must fix, e.g. the registry kubelet could not pull from.
   */
  private static final Pattern API_SERVER_REQUEST = Pattern.compile("https?://\\S+/apis?/");

  /** {@link #assertMessagesAreForUsers(TaskOverflow)} for one message. */
  public static void assertMessageIsForUsers(String what, String message) {
    assertThat(message)
        .as(what)
        .doesNotContain("Exception", "io.fabric8", "\tat ", "\n")
        .doesNotContainPattern(API_SERVER_REQUEST);
  }

  /**
   * Every condition message is one line a user can act on: no exception class, API server URL or
   * stack frame.
   */
  public static void assertMessagesAreForUsers(TaskOverflow resource) {
    assertThat(resource.getStatus().conditions())
        .isNotEmpty()
        .allSatisfy(
            (Condition c) -> {
              assertThat(c.getObservedGeneration()).as(c.getType()).isNotNull();
              assertMessageIsForUsers(c.getType() + "'s message", c.getMessage());
            });
  }

  private static Path binary() {
    String fromEnv = System.getenv("KSTATUS_CHECK");
    Path binary =
        fromEnv != null && !fromEnv.isBlank()
            ? Path.of(fromEnv)
            : KubeBinaries.require("kube-apiserver").resolveSibling("kstatus-check");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Missing " + binary + ": run scripts/test-kstatus.sh first (it builds kstatus-check)");
    }
    return binary;
  }
}
