package io.taskoverflow.operator.app;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.ConnectionBudget;
import io.taskoverflow.operator.database.ConnectionHash;
import io.taskoverflow.operator.database.DatabaseConnection;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Hardening;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.rollout.RolloutWorkload;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The todo service Deployment, wired to the connection Secret (whose hash rolls the pods when it
 * changes), each pod with its share of the database's connections.
 */
public class AppDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, TaskOverflow> {

  public static final String NAME = "app";

  /** The component label of its objects and pods. */
  public static final String COMPONENT = "app";

  /** What its informer caches: only this component's objects that the operator made. */
  public static final String SELECTOR = Labels.OWNED + Labels.COMPONENT + "=" + COMPONENT;

  /** The port the todo service listens on in its pods. */
  public static final int HTTP_PORT = 6400;

  /**
   * The port of the todo service's {@code /metrics}: in the pods only, never behind the Service
   * (which may be a LoadBalancer); Prometheus finds the pods by their labels.
   */
  public static final int METRICS_PORT = 9400;

  /**
   * How long a starting pod waits for its database before it exits: the in-cluster PostgreSQL
   * starts at the same time, and may first wait for its volume or its image.
   */
  private static final int DATABASE_WAIT_SECONDS = 600;

  /** The service's own default, where the database is ready before the app is deployed. */
  private static final int READY_DATABASE_WAIT_SECONDS = 60;

  /** The service answers {@code /health} once it is migrated and listening, within this of that. */
  private static final int STARTUP_SECONDS = 30;

  private static final long APP_UID = 10001;

  /** The todo service's container. */
  public static final String CONTAINER = "todo";

  private final DefaultImageRollout rollout;
  private final ImagePullSecrets pullSecrets;
  private final Function<TaskOverflow, DatabaseProvisioner> provisioners;

  /**
   * @param rollout the default image, and how a new one reaches the Deployments that run it
   * @param pullSecrets the Secrets its pods pull their image with
   * @param provisioners the provisioner of a resource's mode: how long a pod waits for the
   *     database, and its connection limit
   */
  public AppDeploymentDependent(
      DefaultImageRollout rollout,
      ImagePullSecrets pullSecrets,
      Function<TaskOverflow, DatabaseProvisioner> provisioners) {
    super(Deployment.class, NAME);
    this.rollout = rollout;
    this.pullSecrets = pullSecrets;
    this.provisioners = provisioners;
    configureWith(DependentConfig.owned(Deployment.class, SELECTOR));
  }

  @Override
  protected Deployment desired(TaskOverflow resource, Context<TaskOverflow> context) {
    var spec = resource.getSpec();
    DatabaseProvisioner provisioner = provisioners.apply(resource);
    Optional<Deployment> current = getSecondaryResource(resource, context);
    AppSizing sizing = AppSizing.next(current, wanted(resource, provisioner));
    DefaultImageRollout.Step image =
        rollout.next(
            ResourceID.fromResource(resource),
            Optional.ofNullable(spec.image()),
            current.flatMap(deployment -> RolloutWorkload.of(deployment, CONTAINER)),
            this::stored);
    Map<String, String> annotations = new HashMap<>(image.annotations());
    if (sizing.shrinking()) {
      annotations.put(AppSizing.SHRINKING, "true");
    }
    int databaseWait =
        provisioner.appStartsWithDatabase() ? DATABASE_WAIT_SECONDS : READY_DATABASE_WAIT_SECONDS;
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(Names.app(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, COMPONENT))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withReplicas(sizing.replicas())
        // The connection budget counts the pods a rollout adds: maxSurge is fixed here.
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(ConnectionBudget.MAX_SURGE))
        .withMaxUnavailable(new IntOrString("25%"))
        .endRollingUpdate()
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(Labels.selector(resource, COMPONENT))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.of(resource, COMPONENT))
        .withAnnotations(Map.of(ConnectionHash.ANNOTATION, ConnectionHash.of(context)))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withImagePullSecrets(pullSecrets.references())
        .withSecurityContext(Hardening.pod(APP_UID))
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(image.image())
        // A crash's last log lines reach the status (AppReady) through the container's state.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .addNewPort()
        .withName("http")
        .withContainerPort(HTTP_PORT)
        .endPort()
        .addNewPort()
        .withName("metrics")
        .withContainerPort(METRICS_PORT)
        .endPort()
        .addNewEnv()
        .withName("SQLALCHEMY_DATABASE_URI")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(Names.connectionSecret(resource))
        .withKey("uri")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName(AppSizing.POOL_SIZE)
        .withValue(Integer.toString(sizing.poolSize()))
        .endEnv()
        .addNewEnv()
        .withName("PORT")
        .withValue(Integer.toString(HTTP_PORT))
        .endEnv()
        .addNewEnv()
        .withName("METRICS_PORT")
        .withValue(Integer.toString(METRICS_PORT))
        .endEnv()
        .addNewEnv()
        .withName("DB_WAIT_SECONDS")
        .withValue(Integer.toString(databaseWait))
        .endEnv()
        // The service listens only once its database answers and its schema is migrated. Asked
        // every second, it is seen started within one; the readiness probe then runs at once. The
        // pod's own wait for the database ends first, with a message that says so.
        .withNewStartupProbe()
        .withHttpGet(get("/api/v1/health"))
        .withPeriodSeconds(1)
        .withFailureThreshold(databaseWait + STARTUP_SECONDS)
        .endStartupProbe()
        .withNewLivenessProbe()
        .withHttpGet(get("/api/v1/health"))
        .withPeriodSeconds(10)
        .endLivenessProbe()
        .withNewReadinessProbe()
        .withHttpGet(get("/api/v1/ready"))
        .withPeriodSeconds(5)
        // The service answers /ready within 4 s even when the database stalls (3 s for a pooled
        // connection, 1 s to validate it): a stalled database shows as "not ready", never as a
        // probe that timed out.
        .withTimeoutSeconds(5)
        .endReadinessProbe()
        .withResources(Hardening.resourcesOrDefault(spec.resources()))
        .withSecurityContext(Hardening.container())
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("database-ca")
        .withMountPath(DatabaseConnection.MOUNT_PATH)
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        // The CA the database's certificate is verified against (the URI names the file), and only
        // that; absent where the connection is not verified.
        .addNewVolume()
        .withName("database-ca")
        .withNewSecret()
        .withSecretName(Names.connectionSecret(resource))
        .addNewItem()
        .withKey(DatabaseConnection.CA_KEY)
        .withPath(DatabaseConnection.CA_KEY)
        .endItem()
        .withOptional(true)
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** By name, without computing the desired state (which reads the current Deployment). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.app(resource), resource.getMetadata().getNamespace());
  }

  /** Every todo Deployment the operator made, as its cache has them. */
  private Collection<RolloutWorkload> stored() {
    return eventSource()
        .orElseThrow()
        .list()
        .flatMap(deployment -> RolloutWorkload.of(deployment, CONTAINER).stream())
        .toList();
  }

  /** The spec's replicas, each with its share of the database's connections. */
  private static AppSizing wanted(TaskOverflow resource, DatabaseProvisioner provisioner) {
    int replicas = Objects.requireNonNullElse(resource.getSpec().replicas(), 1);
    return AppSizing.wanted(
        replicas, ConnectionBudget.of(resource, provisioner).poolSize(replicas));
  }

  private static HTTPGetAction get(String path) {
    return new HTTPGetActionBuilder().withPath(path).withPort(new IntOrString("http")).build();
  }
}
