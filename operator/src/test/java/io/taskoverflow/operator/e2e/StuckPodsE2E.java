package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KstatusCheck;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stuck pod is named in the TaskOverflow's conditions within STUCK_WITHIN (60) s: one
 * TaskOverflow "stuck" of one replica per case, each in a restricted namespace of its own, all five
 * at once (the first test to run starts them all). kstatus (what Flux and kpt read) then says
 * Failed within STUCK_WITHIN s of the apply where only the user can help (a missing StorageClass,
 * an image that cannot be pulled), and still InProgress where the cause may pass (a crash loop is
 * given minutes).
 */
@ExtendWith(KindCluster.class)
class StuckPodsE2E {

  /** How soon a stuck pod's cause must be in the TaskOverflow's conditions. */
  static final int STUCK_WITHIN =
      Integer.parseInt(System.getenv().getOrDefault("STUCK_WITHIN", "60"));

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  /**
   * What a case saw: how long after the apply the condition named the cause, its message, kstatus's
   * verdict then or once it read Failed, and how long after the apply that was.
   */
  record Seen(double seconds, String message, String kstatus, double kstatusSeconds) {}

  private static KubernetesClient client;
  private static long started;
  private static final String FAILED = "Failed";
  private static final String IN_PROGRESS = "InProgress";
  private static final ExecutorService CASES = Executors.newFixedThreadPool(5);
  private static final Once<Map<String, CompletableFuture<Seen>>> ALL_AT_ONCE =
      new Once<>(StuckPodsE2E::startAll);

  private static Map<String, CompletableFuture<Seen>> startAll() {
    started = System.nanoTime();
    String postgresImage = operatorEnv("POSTGRES_IMAGE");
    Map<String, CompletableFuture<Seen>> cases = new LinkedHashMap<>();
    cases.put(
        "volume",
        stuckCase(
            "e2e-stuck-volume",
            "DatabaseReady",
            "VolumePending",
            "StorageClass \"no-such-class\"",
            "database:\n  inCluster:\n    storageClassName: no-such-class\n",
            FAILED));
    cases.put(
        "dbpull",
        stuckCase(
            "e2e-stuck-dbpull",
            "DatabaseReady",
            "ImagePullFailed",
            "image \"registry.invalid/taskoverflow/postgres:missing\""
                + " \\((ErrImagePull|ImagePullBackOff)\\)",
            "database:\n  inCluster:\n    image: registry.invalid/taskoverflow/postgres:missing\n",
            FAILED));
    cases.put(
        "pull",
        stuckCase(
            "e2e-stuck-pull",
            "AppReady",
            "ImagePullFailed",
            "image \"registry.invalid/taskoverflow/todo:missing\""
                + " \\((ErrImagePull|ImagePullBackOff)\\)",
            "image: registry.invalid/taskoverflow/todo:missing\n",
            FAILED));
    // The PostgreSQL image as the app: its entrypoint, without a password, exits at once.
    cases.put(
        "crash",
        stuckCase(
            "e2e-stuck-crash",
            "AppReady",
            "CrashLoopBackOff",
            "exited with code [1-9][0-9]*: .+",
            "image: " + postgresImage + "\n",
            IN_PROGRESS));
    cases.put("major", CompletableFuture.supplyAsync(StuckPodsE2E::majorCase, CASES));
    return cases;
  }

  private static CompletableFuture<Seen> stuckCase(
      String prefix, String condition, String reason, String pattern, String spec, String kstatus) {
    return CompletableFuture.supplyAsync(
        () -> {
          long since = System.nanoTime();
          String namespace = stuckTaskOverflow(prefix, spec);
          return awaitReason(namespace, condition, reason, pattern, kstatus, since);
        },
        CASES);
  }

  /** The TaskOverflow "stuck" of one replica, with {@code spec}, in a namespace of its own. */
  private static String stuckTaskOverflow(String prefix, String spec) {
    String namespace = namespaces.restricted(client, prefix);
    TaskOverflows.create(client, namespace, "stuck", "replicas: 1\n" + spec);
    return namespace;
  }

  /**
   * A PostgreSQL that finds a data directory of another major: the volume's PG_VERSION is rewritten
   * to the major below the image's, then the pod restarts on it. The server's own check refuses it.
   */
  private static Seen majorCase() {
    String namespace = stuckTaskOverflow("e2e-stuck-major", "");
    try {
      Eventually.await(
          "DatabaseReady",
          Duration.ofMinutes(3),
          () ->
              "True"
                  .equals(Workloads.conditionStatus(client, namespace, "stuck", "DatabaseReady")));
    } catch (AssertionError e) {
      throw new AssertionError("PostgreSQL never became ready", e);
    }
    int major =
        Integer.parseInt(
            Workloads.exec(
                    client, namespace, "stuck-postgres-0", "sh", "-c", "cat \"$PGDATA/PG_VERSION\"")
                .trim());
    Workloads.exec(
        client,
        namespace,
        "stuck-postgres-0",
        "sh",
        "-c",
        "echo " + (major - 1) + " >\"$PGDATA/PG_VERSION\"");
    long since = System.nanoTime();
    client.pods().inNamespace(namespace).withName("stuck-postgres-0").delete();
    return awaitReason(
        namespace,
        "DatabaseReady",
        "CrashLoopBackOff",
        "database files are incompatible with server.*initialized by PostgreSQL version "
            + (major - 1)
            + ", which is not compatible with this version "
            + major,
        IN_PROGRESS,
        since);
  }

  /**
   * Waits until the condition of "stuck" is False with the reason and a message that matches the
   * pattern, for at most STUCK_WITHIN s after {@code since}; then until kstatus reads {@code
   * kstatus} (Failed: within STUCK_WITHIN s of {@code since}; InProgress: at once).
   */
  private static Seen awaitReason(
      String namespace, String type, String reason, String pattern, String kstatus, long since) {
    Pattern expected = Pattern.compile(pattern);
    String seen = "absent";
    while (true) {
      Condition condition = Workloads.condition(client, namespace, "stuck", type);
      if (condition != null) {
        seen = condition.getStatus() + "|" + condition.getReason() + "|" + condition.getMessage();
        if ("False".equals(condition.getStatus())
            && reason.equals(condition.getReason())
            && condition.getMessage() != null
            && expected.matcher(condition.getMessage()).find()) {
          return withKstatus(namespace, condition.getMessage(), kstatus, since);
        }
      }
      if (secondsSince(since) > STUCK_WITHIN) {
        throw new AssertionError(
            "not within "
                + STUCK_WITHIN
                + " s; "
                + type
                + " was: "
                + seen
                + "; pods: "
                + Workloads.pods(client, namespace));
      }
      TodoService.sleep(Duration.ofSeconds(1));
    }
  }

  private static Seen withKstatus(String namespace, String message, String kstatus, long since) {
    double named = secondsSince(since);
    TaskOverflow resource =
        FAILED.equals(kstatus)
            ? KstatusCheck.await(
                client,
                namespace,
                "stuck",
                FAILED,
                Duration.ofSeconds(Math.max(1, STUCK_WITHIN - (long) named)))
            : TaskOverflows.of(client, namespace, "stuck").get();
    KstatusCheck.assertMessagesAreForUsers(resource);
    return new Seen(named, message, KstatusCheck.of(resource).status(), secondsSince(since));
  }

  private static double secondsSince(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static String operatorEnv(String name) {
    return client
        .apps()
        .deployments()
        .inNamespace(KindCluster.OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/instance", KindCluster.RELEASE)
        .list()
        .getItems()
        .get(0)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(e -> name.equals(e.getName()))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("the operator has no " + name));
  }

  /** The case's outcome, printed as a timing line. */
  private static void assertCase(
      KubernetesClient kubernetes, String key, String what, String kstatus) {
    client = kubernetes;
    CompletableFuture<Seen> outcome = ALL_AT_ONCE.get().get(key);
    Seen seen;
    try {
      seen = outcome.get();
    } catch (ExecutionException e) {
      throw new AssertionError(what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    KindCluster.note("time %s: %.1f s (%s)", what, seen.seconds(), seen.message());
    KindCluster.note("time %s, kstatus %s: %.1f s", what, seen.kstatus(), seen.kstatusSeconds());
    assertThat(seen.seconds())
        .as("%s within %d s of the apply", what, STUCK_WITHIN)
        .isLessThanOrEqualTo(STUCK_WITHIN);
    assertThat(seen.kstatus()).as("%s under kstatus", what).isEqualTo(kstatus);
    assertThat(seen.kstatusSeconds())
        .as("%s: kstatus %s within %d s of the apply", what, kstatus, STUCK_WITHIN)
        .isLessThanOrEqualTo(STUCK_WITHIN);
  }

  @AfterAll
  static void allFive() {
    ALL_AT_ONCE
        .ifDone()
        .ifPresent(
            cases -> {
              CompletableFuture.allOf(cases.values().toArray(CompletableFuture[]::new))
                  .exceptionally(e -> null)
                  .join();
              KindCluster.note(
                  "time stuck pods, five cases at once: %s s", KindCluster.secondsSince(started));
            });
    CASES.shutdownNow();
  }

  @Test
  void aStorageClassThatDoesNotExistIsDatabaseReadyVolumePending(KubernetesClient client) {
    assertCase(client, "volume", "DatabaseReady VolumePending", FAILED);
  }

  @Test
  void aPostgresImageThatCannotBePulledIsDatabaseReadyImagePullFailed(KubernetesClient client) {
    assertCase(client, "dbpull", "DatabaseReady ImagePullFailed", FAILED);
  }

  @Test
  void anAppImageThatCannotBePulledIsAppReadyImagePullFailed(KubernetesClient client) {
    assertCase(client, "pull", "AppReady ImagePullFailed", FAILED);
  }

  @Test
  void anAppThatCrashLoopsIsAppReadyCrashLoopBackOff(KubernetesClient client) {
    assertCase(client, "crash", "AppReady CrashLoopBackOff", IN_PROGRESS);
  }

  @Test
  void aDataDirectoryOfAnotherPostgresMajorIsDatabaseReadyCrashLoopBackOff(
      KubernetesClient client) {
    assertCase(client, "major", "DatabaseReady CrashLoopBackOff", IN_PROGRESS);
  }
}
