package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.app.AppDeploymentDependent;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.rollout.RolloutWorkload;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new default todo image, given by {@code helm upgrade}, reaches the TaskOverflows that run the
 * default at most {@code defaultImageRollout.maxInProgress} at a time, the next only once one has
 * every replica ready on it; one that names its own image keeps its pod.
 */
@ExtendWith(KindCluster.class)
class DefaultImageRolloutE2E {

  /** The same todo image under another name, loaded into the node by the script. */
  /** Every replica runs the latest template that has pods, each ready, and no older pod is left. */
  private static boolean podsRolledOut(Deployment deployment) {
    int replicas = deployment.getSpec().getReplicas();
    var status = deployment.getStatus();
    return status != null
        && Objects.equals(status.getUpdatedReplicas(), replicas)
        && Objects.equals(status.getReplicas(), replicas)
        && Objects.equals(status.getReadyReplicas(), replicas);
  }

  private static final String NEXT_IMAGE = System.getProperty("taskoverflow.e2e.nextTodoImage", "");

  private static final int MAX_IN_PROGRESS = 2;
  private static final int TASKOVERFLOWS = 5;
  private static final Duration ROLLOUT = Duration.ofMinutes(6);

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void aNewDefaultImageReachesAtMostTwoTaskOverflowsAtATime(KubernetesClient client)
      throws Exception {
    assertThat(NEXT_IMAGE)
        .as("taskoverflow.e2e.nextTodoImage, which scripts/kind-e2e.sh sets")
        .isNotEmpty();
    String namespace = namespaces.restricted(client, "e2e-rollout");
    String image = OperatorRelease.todoImage(client);
    String maxInProgress =
        OperatorRelease.env(
            OperatorRelease.deployment(client), "DEFAULT_IMAGE_ROLLOUT_MAX_IN_PROGRESS");
    Workloads.externalOnATeamDatabase(client, namespace, "team-db", "app-0");
    List<String> names = new ArrayList<>(List.of("app-0"));
    for (int i = 1; i < TASKOVERFLOWS; i++) {
      names.add("app-" + i);
      TaskOverflows.create(client, namespace, "app-" + i, TeamPostgres.externalSpec("team-db"));
    }
    TaskOverflows.create(
        client,
        namespace,
        "pinned",
        "image: " + image + "\n" + TeamPostgres.externalSpec("team-db"));
    for (String name : names) {
      Workloads.awaitReady(client, namespace, name);
    }
    Workloads.awaitReady(client, namespace, "pinned");
    SortedSet<String> pinnedPods = podsOf(client, namespace, "pinned");

    try {
      long started = System.nanoTime();
      // Watched from the start: the new operator begins the rollout as soon as it leads.
      upgrade(NEXT_IMAGE, Integer.toString(MAX_IN_PROGRESS), "--timeout", "5m");
      int most = 0;
      int mostMarked = 0;
      Set<String> order = new LinkedHashSet<>();
      long deadline = System.nanoTime() + ROLLOUT.toNanos();
      while (true) {
        List<RolloutWorkload> rolling = new ArrayList<>();
        int marked = 0;
        int done = 0;
        for (String name : names) {
          Deployment deployment =
              client.apps().deployments().inNamespace(namespace).withName(name).get();
          RolloutWorkload workload =
              RolloutWorkload.of(deployment, AppDeploymentDependent.CONTAINER).orElseThrow();
          if (workload.marked()) {
            marked++;
          }
          if (workload.image().equals(NEXT_IMAGE)) {
            order.add(name);
            if (workload.settled() && !workload.marked()) {
              done++;
            } else if (workload.marked() ? !workload.settled() : !podsRolledOut(deployment)) {
              // An unmarked one by its pods: giving a place back edits an annotation, which bumps
              // the Deployment's generation, unobserved until its controller has seen the edit.
              rolling.add(workload);
            }
          }
        }
        most = Math.max(most, rolling.size());
        mostMarked = Math.max(mostMarked, marked);
        assertThat(rolling)
            .as("todo Deployments on the new image not yet ready")
            .hasSizeLessThanOrEqualTo(MAX_IN_PROGRESS);
        if (done == names.size()) {
          break;
        }
        assertThat(System.nanoTime())
            .as(
                "every TaskOverflow on %s within %s; %d done, order %s",
                NEXT_IMAGE, ROLLOUT, done, order)
            .isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(250);
      }
      KindCluster.note(
          "time default image rollout of %d TaskOverflows, %d at a time: %s s (order %s)",
          names.size(), MAX_IN_PROGRESS, KindCluster.secondsSince(started), order);
      assertThat(most).as("rolling at the same time, at most").isEqualTo(MAX_IN_PROGRESS);
      assertThat(mostMarked)
          .as("workloads carrying %s at the same time", DefaultImageRollout.ANNOTATION)
          .isBetween(1, MAX_IN_PROGRESS);
      for (String name : names) {
        Workloads.awaitReady(client, namespace, name);
      }
      assertThat(podsOf(client, namespace, "pinned"))
          .as("the pods of the TaskOverflow that names its own image")
          .isEqualTo(pinnedPods);
    } finally {
      // Gone before the image changes back, so that only this test's own resources rolled.
      TaskOverflows.deleteAll(client, namespace);
      upgrade(image, maxInProgress, "--wait", "--timeout", "5m");
    }
  }

  private static void upgrade(String todoImage, String maxInProgress, String... options)
      throws Exception {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--reuse-values",
                "--set",
                "todoApp.image.repository=" + OperatorRelease.imageRepository(todoImage),
                "--set-string",
                "todoApp.image.tag=" + OperatorRelease.imageTag(todoImage),
                "--set",
                "defaultImageRollout.maxInProgress=" + maxInProgress));
    arguments.addAll(List.of(options));
    OperatorRelease.upgradeToThisChart(arguments.toArray(String[]::new));
  }

  /** The todo pods of one TaskOverflow as {@code name=uid}. */
  private static SortedSet<String> podsOf(KubernetesClient client, String namespace, String name) {
    SortedSet<String> pods = new TreeSet<>();
    Workloads.appPods(client, namespace, name)
        .forEach(pod -> pods.add(pod.getMetadata().getName() + "=" + pod.getMetadata().getUid()));
    return pods;
  }
}
