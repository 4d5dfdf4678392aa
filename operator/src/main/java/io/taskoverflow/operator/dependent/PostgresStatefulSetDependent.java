package io.taskoverflow.operator.dependent;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.InClusterDatabaseSpec;
import io.taskoverflow.operator.database.InClusterDatabase;
import java.util.List;
import java.util.Objects;

/**
 * The in-cluster PostgreSQL: one pod with a persistent volume, credentials from the connection
 * Secret. The official image's user (uid 70 in the alpine variant) owns the data volume.
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.COMPONENT + "=" + PostgresStatefulSetDependent.COMPONENT))
public class PostgresStatefulSetDependent
    extends CRUDKubernetesDependentResource<StatefulSet, TaskOverflow> {

  static final String COMPONENT = "database";
  private static final long POSTGRES_UID = 70;
  private static final String DATA = "/var/lib/postgresql/data";

  private final String defaultImage;

  public PostgresStatefulSetDependent(String defaultImage) {
    super(StatefulSet.class);
    this.defaultImage = defaultImage;
  }

  @Override
  protected StatefulSet desired(TaskOverflow resource, Context<TaskOverflow> context) {
    InClusterDatabaseSpec spec =
        Objects.requireNonNullElseGet(
            resource.getSpec().database().inCluster(),
            () -> new InClusterDatabaseSpec("1Gi", null, null, null));
    String secret = Names.connectionSecret(resource);
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(Names.postgres(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withServiceName(Names.postgres(resource))
        .withReplicas(1)
        // The volume goes with the resource: a later resource of the same name starts afresh
        // instead of finding data locked with a password it does not know.
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Delete")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewSelector()
        .withMatchLabels(Labels.selector(resource, COMPONENT))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.of(resource, COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(Hardening.pod(POSTGRES_UID))
        .addNewContainer()
        .withName("postgres")
        .withImage(spec.image() == null ? defaultImage : spec.image())
        .withEnv(
            fromSecret("POSTGRES_USER", secret, "username"),
            fromSecret("POSTGRES_PASSWORD", secret, "password"),
            fromSecret("POSTGRES_DB", secret, "dbname"),
            new EnvVarBuilder().withName("PGDATA").withValue(DATA + "/pgdata").build())
        .addNewPort()
        .withName("postgres")
        .withContainerPort(InClusterDatabase.PORT)
        .endPort()
        .withNewReadinessProbe()
        .withNewExec()
        .withCommand(
            "sh", "-c", "pg_isready -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"")
        .endExec()
        .withPeriodSeconds(5)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewTcpSocket()
        .withNewPort("postgres")
        .endTcpSocket()
        .withInitialDelaySeconds(30)
        .withPeriodSeconds(10)
        .endLivenessProbe()
        .withResources(Hardening.resourcesOrDefault(spec.resources()))
        .withSecurityContext(Hardening.container())
        .addNewVolumeMount()
        .withName("data")
        .withMountPath(DATA)
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
        .withName("run")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .addNewVolumeClaimTemplate()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName("data")
        .endMetadata()
        .withNewSpec()
        .withAccessModes(List.of("ReadWriteOnce"))
        .withStorageClassName(spec.storageClassName())
        .withNewResources()
        .addToRequests("storage", new Quantity(spec.storage()))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }

  private static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  /** By name, without computing the desired state (also asked for resources of other modes). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.postgres(resource), resource.getMetadata().getNamespace());
  }
}
