package io.taskoverflow.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pods as the API server returns them when the scheduler or kubelet holds them back. */
class PodTroubleTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static final String UNBOUND_VOLUME =
      """
      metadata: {name: demo-postgres-0, namespace: team-a}
      spec:
        containers: [{name: postgres, image: taskoverflow/postgres:17}]
        volumes:
        - name: data
          persistentVolumeClaim: {claimName: data-demo-postgres-0}
        - name: run
          emptyDir: {}
      status:
        phase: Pending
        conditions:
        - type: PodScheduled
          status: "False"
          reason: Unschedulable
          message: >-
            0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.
            preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.
      """;

  private static final String PULL_FAILED =
      """
      metadata: {name: demo-6d9f7c7b5d-x2x4k, namespace: team-a}
      spec:
        containers: [{name: todo, image: registry.invalid/taskoverflow/todo:missing}]
      status:
        phase: Pending
        conditions:
        - {type: PodScheduled, status: "True"}
        - {type: Ready, status: "False", reason: ContainersNotReady}
        containerStatuses:
        - name: todo
          image: registry.invalid/taskoverflow/todo:missing
          imageID: ""
          ready: false
          restartCount: 0
          started: false
          state:
            waiting:
              reason: %s
              message: >-
                failed to pull and unpack image "registry.invalid/taskoverflow/todo:missing": failed to
                resolve reference "registry.invalid/taskoverflow/todo:missing": failed to do request:
                Head "https://registry.invalid/v2/taskoverflow/todo/manifests/missing": dial tcp:
                lookup registry.invalid on 172.18.0.1:53: no such host
      """;

  private static final String CRASH_LOOP =
      """
      metadata: {name: demo-postgres-0, namespace: team-a}
      spec:
        containers: [{name: postgres, image: taskoverflow/postgres:17}]
      status:
        phase: Running
        conditions:
        - {type: PodScheduled, status: "True"}
        containerStatuses:
        - name: postgres
          image: taskoverflow/postgres:17
          ready: false
          restartCount: 3
          started: false
          state:
            %s
          lastState:
            terminated:
              exitCode: 1
              reason: Error
              message: |
                2026-12-01 15:58:06.113 UTC [1] FATAL:  database files are incompatible with server
                2026-12-01 15:58:06.113 UTC [1] DETAIL:  The data directory was initialized by PostgreSQL version 16, which is not compatible with this version 17.12 (Debian 17.12-0+deb13u1).
              startedAt: "2026-12-01T15:50:00Z"
              finishedAt: "2026-12-01T15:50:00Z"
      """;

  @Test
  void aClaimWithoutVolumeNamesTheClaimAndTheStorageClass() {
    PodTrouble trouble = only(UNBOUND_VOLUME, Optional.of("no-such-class"));

    assertThat(trouble.reason()).isEqualTo("VolumePending");
    assertThat(trouble.message())
        .contains("data-demo-postgres-0", "StorageClass \"no-such-class\"")
        .doesNotContain("run");
    assertThat(only(UNBOUND_VOLUME, Optional.empty()).message())
        .contains("the default StorageClass");
  }

  @Test
  void anUnschedulablePodSaysWhatTheSchedulerSays() {
    String yaml =
        UNBOUND_VOLUME.replace(
            "pod has unbound immediate PersistentVolumeClaims.", "1 Insufficient memory.");

    PodTrouble trouble = only(yaml, Optional.empty());

    assertThat(trouble.reason()).isEqualTo("Unschedulable");
    assertThat(trouble.message())
        .startsWith("pod demo-postgres-0 cannot be scheduled: 0/1 nodes are available")
        .contains("Insufficient memory");
  }

  @Test
  void anImageThatCannotBePulledIsNamedWithKubeletsReason() {
    for (String kubeletReason : List.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName")) {
      PodTrouble trouble = only(PULL_FAILED.formatted(kubeletReason), Optional.empty());

      assertThat(trouble.reason()).isEqualTo("ImagePullFailed");
      assertThat(trouble.message())
          .startsWith(
              "container todo cannot pull image \"registry.invalid/taskoverflow/todo:missing\" ("
                  + kubeletReason
                  + "): failed to pull and unpack image")
          .as("a long message keeps its root cause, at the end")
          .endsWith("lookup registry.invalid on 172.18.0.1:53: no such host")
          .doesNotContain("\n");
    }
  }

  @Test
  void aCrashLoopGivesTheExitCodeAndTheLastLogLines() {
    PodTrouble trouble =
        only(
            CRASH_LOOP.formatted(
                "waiting: {reason: CrashLoopBackOff, message: back-off 40s restarting failed"
                    + " container=postgres pod=demo-postgres-0_team-a(uid)}"),
            Optional.empty());

    assertThat(trouble.reason()).isEqualTo("CrashLoopBackOff");
    assertThat(trouble.message())
        .as("PostgreSQL's own words, without the lines' time stamps")
        .isEqualTo(
            "container postgres exited with code 1: FATAL: database files are incompatible with"
                + " server DETAIL: The data directory was initialized by PostgreSQL version 16,"
                + " which is not compatible with this version 17.12 (Debian 17.12-0+deb13u1).");
  }

  @Test
  void aCrashedContainerRunningAgainIsStillInItsCrashLoop() {
    PodTrouble trouble =
        only(
            CRASH_LOOP.formatted("running: {startedAt: \"2026-12-01T15:50:40Z\"}"),
            Optional.empty());

    assertThat(trouble.reason()).isEqualTo("CrashLoopBackOff");
    assertThat(trouble.message()).contains("code 1", "version 16");
  }

  @Test
  void aContainerKilledForMemorySaysSo() {
    String yaml =
        CRASH_LOOP
            .formatted("waiting: {reason: CrashLoopBackOff}")
            .replace("exitCode: 1", "exitCode: 137")
            .replace("reason: Error", "reason: OOMKilled");

    assertThat(only(yaml, Optional.empty()).message())
        .startsWith("container postgres exited with code 137 (OOMKilled): ");
  }

  @Test
  void healthyOrStartingPodsHaveNoTrouble() {
    String creating =
        PULL_FAILED.formatted("ContainerCreating").replace("failed to pull", "creating");
    String readyAfterARestart =
        CRASH_LOOP
            .formatted("running: {startedAt: \"2026-12-01T15:50:40Z\"}")
            .replace("ready: false", "ready: true");

    assertThat(PodTrouble.find(List.of(pod(creating), pod(readyAfterARestart)), Optional.empty()))
        .isEmpty();
    assertThat(PodTrouble.find(List.of(), Optional.empty())).isEmpty();
  }

  @Test
  void podsBeingDeletedDoNotCountAndTheFirstByNameSpeaks() {
    Pod deleting = pod(PULL_FAILED.formatted("ErrImagePull"));
    deleting.getMetadata().setName("demo-0-old");
    deleting.getMetadata().setDeletionTimestamp("2026-12-01T15:50:00Z");
    Pod later = pod(UNBOUND_VOLUME);
    later.getMetadata().setName("demo-2");
    Pod first = pod(CRASH_LOOP.formatted("waiting: {reason: CrashLoopBackOff}"));
    first.getMetadata().setName("demo-1");

    assertThat(PodTrouble.find(List.of(later, deleting, first), Optional.empty()))
        .map(PodTrouble::reason)
        .contains("CrashLoopBackOff");
  }

  @Test
  void credentialsInTheLogTailAreMasked() {
    String words =
        StatusText.lastWords(
            """
            starting
            cannot connect to postgresql://todo:s3cr3t-Pa55@demo-postgres.team-a.svc:5432/todo
            connection string: host=db user=todo password=s3cr3t-Pa55 dbname=todo
            """);

    assertThat(words)
        .doesNotContain("s3cr3t")
        .contains("postgresql://todo:***@demo-postgres", "password=***", "dbname=todo");
  }

  @Test
  void passwordsInJsonAndOptionsAreMaskedButPostgresMessagesStayReadable() {
    String words =
        StatusText.lastWords(
            """
            config {"user": "todo", "password": "s3cr3t-Pa55"}
            exec migrate --password s3cr3t-Pa55 --pwd=s3cr3t-Pa55
            FATAL: password authentication failed for user "todo"
            """);

    assertThat(words)
        .doesNotContain("s3cr3t")
        .contains("\"password\": \"***\"", "--password ***", "--pwd=***")
        .contains("password authentication failed for user");
  }

  @Test
  void theLogTailIsShortAndSkipsStackFrames() {
    StringBuilder log = new StringBuilder("x".repeat(1000)).append('\n');
    log.append("Exception in thread \"main\" java.lang.IllegalStateException: no database\n");
    for (int i = 0; i < 40; i++) {
      log.append("\tat io.taskoverflow.todo.Main.main(Main.java:").append(i).append(")\n");
    }
    log.append("\t... 3 more\n");

    String words = StatusText.lastWords(log.toString());

    assertThat(words)
        .endsWith("java.lang.IllegalStateException: no database")
        .doesNotContain("Main.java")
        .hasSizeLessThanOrEqualTo(301);
  }

  private static PodTrouble only(String yaml, Optional<String> storageClass) {
    return PodTrouble.find(List.of(pod(yaml)), storageClass).orElseThrow();
  }

  private static Pod pod(String yaml) {
    return YAML.unmarshal(yaml, Pod.class);
  }
}
