package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.taskoverflow.operator.kube.Hardening;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod of a PostgreSQL server the scenarios run themselves (a team's own, an impostor, a
 * listener to keep the todo pods from): the cluster's PostgreSQL image, hardened as the operator's
 * pods are, its data on an empty volume. Callers add what is theirs (a certificate, a probe).
 */
final class PostgresPods {

  /** The image's user and group (the official alpine image's). */
  private static final long UID = 70;

  private PostgresPods() {}

  /** One container {@code postgres} with these environment variables, running {@code args}. */
  static PodSpecBuilder spec(String image, List<EnvVar> env, String... args) {
    List<EnvVar> all = new ArrayList<>(env);
    all.add(
        new EnvVarBuilder()
            .withName("PGDATA")
            .withValue("/var/lib/postgresql/data/pgdata")
            .build());
    return new PodSpecBuilder()
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(Hardening.pod(UID))
        .addNewContainer()
        .withName("postgres")
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withArgs(args)
        .withEnv(all)
        .addNewPort()
        .withName("postgres")
        .withContainerPort(5432)
        .endPort()
        .withSecurityContext(Hardening.container())
        .withResources(Hardening.resourcesOrDefault(null))
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/var/lib/postgresql/data")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("run")
        .withMountPath("/var/run/postgresql")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("data")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("run")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume();
  }

  /** An environment variable of a plain value. */
  static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
