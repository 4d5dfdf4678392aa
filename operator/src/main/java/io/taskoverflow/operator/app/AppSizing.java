package io.taskoverflow.operator.app;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * The todo Deployment's replicas and per-pod pool size for this step. A pool size lives in the pod
 * template, so changing both at once would let the Deployment controller scale the old pods, with
 * their larger pool, to the new count (it scales before it rolls) and exceed the database's limit.
 * So a smaller pool is rolled out at the current count first, marked on the Deployment ({@link
 * #SHRINKING}) until every pod has it, and only then does the count grow; a larger pool waits until
 * the count has come down.
 *
 * @param shrinking whether a smaller pool is rolling out, holding back a scale-up
 */
record AppSizing(int replicas, int poolSize, boolean shrinking) {

  static final String POOL_SIZE = "DB_POOL_SIZE";

  /** Deployment annotation: a smaller pool is rolling out; the scale-up waits for it. */
  static final String SHRINKING = "taskoverflow.io/pool-shrinking";

  /** What an app pod without the variable uses (the todo service's default). */
  private static final int DEFAULT_POOL_SIZE = 10;

  static AppSizing wanted(int replicas, int poolSize) {
    return new AppSizing(replicas, poolSize, false);
  }

  static AppSizing next(Optional<Deployment> current, AppSizing wanted) {
    if (current.isEmpty() || current.get().getSpec().getReplicas() == null) {
      return wanted;
    }
    Deployment deployment = current.get();
    int replicas = deployment.getSpec().getReplicas();
    int pool = poolSize(deployment);
    boolean rolling =
        deployment.getMetadata().getAnnotations() != null
            && deployment.getMetadata().getAnnotations().containsKey(SHRINKING)
            && !settled(deployment);
    if (wanted.poolSize < pool || (rolling && wanted.poolSize == pool)) {
      return new AppSizing(Math.min(replicas, wanted.replicas), wanted.poolSize, true);
    }
    if (wanted.poolSize > pool && wanted.replicas < replicas) {
      return new AppSizing(wanted.replicas, pool, false);
    }
    return wanted;
  }

  /** Whether every pod runs the current template: no older pod, with another pool, is left. */
  static boolean settled(Deployment deployment) {
    DeploymentStatus status = deployment.getStatus();
    int replicas = deployment.getSpec().getReplicas();
    return status != null
        && Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration())
        && Objects.equals(status.getUpdatedReplicas(), replicas)
        && Objects.equals(status.getReplicas(), replicas);
  }

  private static int poolSize(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .flatMap(container -> container.getEnv().stream())
        .filter(env -> POOL_SIZE.equals(env.getName()))
        .map(EnvVar::getValue)
        .findFirst()
        .map(Integer::parseInt)
        .orElse(DEFAULT_POOL_SIZE);
  }
}
