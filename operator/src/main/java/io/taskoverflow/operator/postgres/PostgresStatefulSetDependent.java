package io.taskoverflow.operator.postgres;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.InClusterDatabaseSpec;
import io.taskoverflow.operator.database.ConnectionSecretDependent;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Hardening;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.SecretsHash;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.rollout.RolloutWorkload;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-cluster PostgreSQL: one pod with a persistent volume, credentials from the connection
 * Secret. The official image's user (uid 70 in the alpine variant) owns the data volume.
 *
 * <p>The Secrets' passwords are the truth: each start sets them on the database, and a new one (a
 * Secret was deleted and written anew) restarts the pod, as does a renewed certificate. So neither
 * a lost Secret nor a kept volume found again by a new resource of the same name can lock the app
 * out of its data.
 */
public class PostgresStatefulSetDependent
    extends CRUDKubernetesDependentResource<StatefulSet, TaskOverflow> {

  public static final String NAME = "postgres";

  /** The component label of its objects and pods. */
  public static final String COMPONENT = "database";

  /** What its informer caches: only this component's objects that the operator made. */
  public static final String SELECTOR = Labels.OWNED + Labels.COMPONENT + "=" + COMPONENT;

  /** The pod template annotation with the hash of the Secrets PostgreSQL reads. */
  static final String SECRETS_HASH = "taskoverflow.io/secrets-hash";

  private static final long POSTGRES_UID = 70;

  private final DefaultImageRollout rollout;
  private final ImagePullSecrets pullSecrets;

  /**
   * @param rollout the default image, and how a new one reaches the StatefulSets that run it
   * @param pullSecrets the Secrets its pod pulls its image with
   */
  public PostgresStatefulSetDependent(DefaultImageRollout rollout, ImagePullSecrets pullSecrets) {
    super(StatefulSet.class, NAME);
    this.rollout = rollout;
    this.pullSecrets = pullSecrets;
    configureWith(DependentConfig.owned(StatefulSet.class, SELECTOR));
  }

  @Override
  protected StatefulSet desired(TaskOverflow resource, Context<TaskOverflow> context) {
    InClusterDatabaseSpec spec =
        Objects.requireNonNullElseGet(
            resource.getSpec().database().inCluster(), InClusterDatabaseSpec::defaults);
    DefaultImageRollout.Step image =
        rollout.next(
            ResourceID.fromResource(resource),
            Optional.ofNullable(spec.image()),
            getSecondaryResource(resource, context)
                .flatMap(statefulSet -> RolloutWorkload.of(statefulSet, PostgresContainer.NAME)),
            this::stored);
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(Names.postgres(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, COMPONENT))
        .withAnnotations(image.annotations())
        .endMetadata()
        .withNewSpec()
        .withServiceName(Names.postgres(resource))
        .withReplicas(1)
        // The data is kept unless the user asked otherwise; the controller applies a change of
        // policy to the existing volume too.
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted(spec.deletesData() ? "Delete" : "Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewSelector()
        .withMatchLabels(Labels.selector(resource, COMPONENT))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.of(resource, COMPONENT))
        .withAnnotations(
            Map.of(
                SECRETS_HASH,
                SecretsHash.of(
                    context,
                    ConnectionSecretDependent.NAME,
                    PostgresMasterSecretDependent.NAME,
                    PostgresTlsSecretDependent.NAME)))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withImagePullSecrets(pullSecrets.references())
        .withSecurityContext(Hardening.pod(POSTGRES_UID))
        .withContainers(PostgresContainer.of(resource, spec, image.image()))
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
        // PostgreSQL reads a key owned by root only if no one but its group may read it.
        .addNewVolume()
        .withName("tls")
        .withNewSecret()
        .withSecretName(Names.postgresTls(resource))
        .withDefaultMode(0640)
        .endSecret()
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

  /** By name, without computing the desired state (which reads the connection Secret). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.postgres(resource), resource.getMetadata().getNamespace());
  }

  /** Every PostgreSQL StatefulSet the operator made, as its cache has them. */
  private Collection<RolloutWorkload> stored() {
    return eventSource()
        .orElseThrow()
        .list()
        .flatMap(statefulSet -> RolloutWorkload.of(statefulSet, PostgresContainer.NAME).stream())
        .toList();
  }
}
