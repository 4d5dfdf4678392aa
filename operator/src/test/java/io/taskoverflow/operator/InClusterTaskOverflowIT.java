package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.Await.await;
import static io.taskoverflow.operator.testsupport.Secrets.decoded;
import static io.taskoverflow.operator.testsupport.TaskOverflows.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KstatusCheck;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.OperatorExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import io.taskoverflow.operator.tls.Pem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A TaskOverflow with the in-cluster PostgreSQL, from creation to Ready and through changes. */
@ExtendWith({KubeApiServerExtension.class, OperatorExtension.class})
class InClusterTaskOverflowIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aUsersObjectUnderTheOperatorsNameIsLeftAloneAndNamedInTheStatus(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "name-taken");
    UserSecrets.put(client, ns, "clash-db", Map.of("note", "the user's own"));

    TaskOverflows.create(client, ns, "clash", "{}");

    Eventually.await(
        "DatabaseReady names the Secret in the way",
        TIMEOUT,
        () -> {
          TaskOverflow current = TaskOverflows.of(client, ns, "clash").get();
          return current.getStatus() != null
              && TaskOverflows.condition(current, "DatabaseReady") != null
              && TaskOverflows.condition(current, "DatabaseReady")
                  .getMessage()
                  .contains("clash-db already exists and was not made by the operator");
        });
    TaskOverflow stalled = KstatusCheck.await(client, ns, "clash", "Failed", TIMEOUT);
    assertThat(KstatusCheck.of(stalled).argocd()).isEqualTo("Degraded");
    assertThat(condition(stalled, "Stalled"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "NameTaken");
    assertThat(condition(stalled, "Reconciling").getStatus()).isEqualTo("False");
    KstatusCheck.assertMessagesAreForUsers(stalled);
    assertThat(decoded(client.secrets().inNamespace(ns).withName("clash-db").get()))
        .as("the user's Secret is untouched")
        .containsExactly(Map.entry("note", "the user's own"));
    TaskOverflows.deleteAll(client, ns);
    assertThat(client.secrets().inNamespace(ns).withName("clash-db").get())
        .as("and outlives the TaskOverflow")
        .isNotNull();
  }

  @Test
  void createsTheDatabaseThenTheAppAndBecomesReady(KubernetesClient client) throws Exception {
    String ns = TestNamespaces.create(client, "incluster");
    TaskOverflows.create(client, ns, "demo", "{}");

    Secret connection = await(client, ns, Secret.class, "demo-db");
    Map<String, String> data = decoded(connection);
    String tlsParameters = "sslmode=verify-full&sslrootcert=/etc/taskoverflow/database/ca.crt";
    assertThat(data)
        .containsEntry("host", "demo-postgres." + ns + ".svc")
        .containsEntry("port", "5432")
        .containsEntry("dbname", "todo")
        .as("the app's own role, not the superuser")
        .containsEntry("username", "todo_app")
        .containsKeys("password", "uri", "jdbc-url", "ca.crt");
    assertThat(data.get("password")).hasSizeGreaterThanOrEqualTo(24);
    assertThat(data.get("uri"))
        .isEqualTo(
            "postgresql://todo_app:"
                + data.get("password")
                + "@demo-postgres."
                + ns
                + ".svc:5432/todo?"
                + tlsParameters);
    assertThat(data.get("jdbc-url"))
        .isEqualTo("jdbc:postgresql://demo-postgres." + ns + ".svc:5432/todo?" + tlsParameters)
        .doesNotContain(data.get("password"));

    Map<String, String> master = decoded(await(client, ns, Secret.class, "demo-db-master"));
    assertThat(master)
        .containsOnlyKeys("username", "password")
        .containsEntry("username", "postgres");
    assertThat(master.get("password")).isNotEqualTo(data.get("password"));

    Map<String, String> tls = decoded(await(client, ns, Secret.class, "demo-postgres-tls"));
    assertThat(tls).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "pg_hba.conf");
    assertThat(tls.get("ca.crt"))
        .as("the app trusts the CA that issued PostgreSQL's certificate")
        .isEqualTo(data.get("ca.crt"));
    assertThat(Pem.readCertificate(tls.get("tls.crt")).getSubjectAlternativeNames())
        .map(name -> String.valueOf(name.get(1)))
        .contains("demo-postgres." + ns + ".svc");
    assertThat(tls.get("pg_hba.conf"))
        .as("over TCP, TLS only")
        .contains("hostssl all all all scram-sha-256")
        .doesNotContainPattern("(?m)^host ");

    StatefulSet postgres = await(client, ns, StatefulSet.class, "demo-postgres");
    Container db = postgres.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(db.getImage()).isEqualTo(RunningOperator.POSTGRES_IMAGE);
    assertThat(db.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("POSTGRES_PASSWORD");
              assertThat(env.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("demo-db-master");
            })
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("APP_PASSWORD");
              assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("demo-db");
            });
    assertHardened(postgres.getSpec().getTemplate().getSpec(), db);
    assertThat(postgres.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .as("pulled with the operator's configured Secret, from the TaskOverflow's namespace")
        .containsExactly(RunningOperator.IMAGE_PULL_SECRET);
    assertThat(postgres.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .as("the data is kept unless the user asks otherwise")
        .isEqualTo("Retain");
    assertThat(db.getArgs())
        .containsSequence("postgres", "-c", "max_connections=100")
        .contains("ssl=on", "hba_file=/etc/postgresql/tls/pg_hba.conf");
    assertThat(db.getStartupProbe().getExec().getCommand())
        .as("started once it accepts connections over TCP, asked every second")
        .last()
        .asString()
        .contains("pg_isready -h 127.0.0.1");
    assertThat(db.getStartupProbe().getPeriodSeconds()).isEqualTo(1);
    assertThat(db.getLifecycle().getPostStart().getExec().getCommand())
        .as("the password hook, which holds the probes back, waits as long as the startup probe")
        .last()
        .asString()
        .contains(
            "+ "
                + db.getStartupProbe().getPeriodSeconds()
                    * db.getStartupProbe().getFailureThreshold()
                + "))");
    assertThat(db.getLivenessProbe().getInitialDelaySeconds())
        .as("liveness waits for the startup probe, not a fixed delay")
        .isNull();
    assertThat(db.getLifecycle().getPostStart().getExec().getCommand())
        .as("each start sets the Secrets' passwords and the app's role on the database")
        .last()
        .asString()
        .contains("ALTER ROLE CURRENT_USER PASSWORD", "NOSUPERUSER NOCREATEDB NOCREATEROLE")
        .doesNotContain(data.get("password"))
        .doesNotContain(master.get("password"));
    assertThat(postgres.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("taskoverflow.io/secrets-hash");
    assertThat(
            postgres
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests())
        .containsKey("storage");
    Service postgresService = await(client, ns, Service.class, "demo-postgres");
    assertThat(postgresService.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(postgresService.getSpec().getPublishNotReadyAddresses())
        .as("a restarted PostgreSQL's address is in DNS before its readiness probe passes")
        .isTrue();
    assertOwnedBy(postgres, "demo");

    TaskOverflow provisioning = TaskOverflows.awaitPhase(client, ns, "demo", Phase.Provisioning);
    assertThat(condition(provisioning, "DatabaseReady").getReason()).isEqualTo("DatabaseStarting");
    assertThat(KstatusCheck.of(provisioning))
        .extracting(KstatusCheck.Result::status, KstatusCheck.Result::argocd)
        .containsExactly("InProgress", "Progressing");
    assertThat(condition(provisioning, "Reconciling").getStatus()).isEqualTo("True");
    KstatusCheck.assertMessagesAreForUsers(provisioning);
    // Nothing makes PostgreSQL ready before Simulated.postgresReady below: the app must not wait.
    Deployment app = await(client, ns, Deployment.class, "demo");
    assertThat(condition(TaskOverflows.of(client, ns, "demo").get(), "DatabaseReady").getStatus())
        .as("the app is deployed together with a PostgreSQL that is not ready yet")
        .isEqualTo("False");

    Simulated.postgresReady(client, ns, "demo-postgres");

    Container todo = app.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(app.getSpec().getReplicas()).isEqualTo(2);
    assertThat(todo.getImage()).isEqualTo(RunningOperator.TODO_IMAGE);
    assertThat(app.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly(RunningOperator.IMAGE_PULL_SECRET);
    assertThat(todo.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("SQLALCHEMY_DATABASE_URI");
              assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("demo-db");
              assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("uri");
            });
    assertThat(todo.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/api/v1/ready");
    assertThat(todo.getReadinessProbe().getTimeoutSeconds())
        .as("longer than the 4 s /api/v1/ready takes at most")
        .isEqualTo(5);
    assertThat(todo.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/api/v1/health");
    int databaseWait =
        todo.getEnv().stream()
            .filter(env -> env.getName().equals("DB_WAIT_SECONDS"))
            .map(env -> Integer.parseInt(env.getValue()))
            .findFirst()
            .orElseThrow();
    assertThat(databaseWait)
        .as("a pod waits for a PostgreSQL that starts with it, and may first wait for its volume")
        .isEqualTo(600);
    assertThat(todo.getStartupProbe().getPeriodSeconds()).isEqualTo(1);
    assertThat(
            todo.getStartupProbe().getPeriodSeconds()
                * todo.getStartupProbe().getFailureThreshold())
        .as("the probe outlasts the pod's own wait, its JVM start and migration: the pod ends it")
        .isGreaterThanOrEqualTo(databaseWait + 30);
    assertThat(app.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("taskoverflow.io/connection-hash");
    assertThat(app.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .as("the todo pods read the connection Secret's CA, never the master Secret")
        .singleElement()
        .satisfies(
            volume -> {
              assertThat(volume.getSecret().getSecretName()).isEqualTo("demo-db");
              assertThat(volume.getSecret().getItems())
                  .extracting(item -> item.getKey())
                  .containsExactly("ca.crt");
            });
    assertThat(todo.getEnv())
        .as("2 pods and 1 more in a rollout share 95 connections: the pool's maximum, 10, each")
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("DB_POOL_SIZE");
              assertThat(env.getValue()).isEqualTo("10");
            });
    assertThat(app.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal())
        .isEqualTo("25%");
    assertHardened(app.getSpec().getTemplate().getSpec(), todo);
    Service service = await(client, ns, Service.class, "demo");
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
    assertThat(service.getSpec().getSelector())
        .isEqualTo(app.getSpec().getSelector().getMatchLabels());

    Simulated.deploymentReady(client, ns, "demo");

    TaskOverflow ready = TaskOverflows.awaitPhase(client, ns, "demo", Phase.Ready);
    assertThat(ready.getStatus().observedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().app().url()).isEqualTo("http://demo." + ns + ".svc/");
    assertThat(ready.getStatus().app().readyReplicas()).isEqualTo(2);
    assertThat(ready.getStatus().database().secretName()).isEqualTo("demo-db");
    assertThat(ready.getStatus().conditions())
        .extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DatabaseReady", "True"),
            org.assertj.core.groups.Tuple.tuple("AppReady", "True"),
            org.assertj.core.groups.Tuple.tuple("Ready", "True"),
            org.assertj.core.groups.Tuple.tuple("Reconciling", "False"),
            org.assertj.core.groups.Tuple.tuple("Stalled", "False"));
    assertThat(KstatusCheck.of(ready))
        .extracting(KstatusCheck.Result::status, KstatusCheck.Result::argocd)
        .containsExactly("Current", "Healthy");
    assertThat(kubectlGetRow(client, ns, "demo"))
        .containsExactly("demo", "Ready", "InCluster", "True", "http://demo." + ns + ".svc/");
    Eventually.await(
        "a Ready event on the resource",
        TIMEOUT,
        () ->
            client.v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(
                    e ->
                        "Ready".equals(e.getReason())
                            && "demo".equals(e.getInvolvedObject().getName())));
  }

  @Test
  void aStuckPodIsNamedInItsConditionAsSoonAsItsStatusSaysSo(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "stuck");
    TaskOverflows.create(client, ns, "demo", "replicas: 1");
    StatefulSet postgres = await(client, ns, StatefulSet.class, "demo-postgres");
    assertThat(postgres.getSpec().getTemplate().getSpec().getContainers().get(0))
        .extracting(Container::getTerminationMessagePolicy)
        .as("kubelet keeps a crash's last log lines in the container's state")
        .isEqualTo("FallbackToLogsOnError");

    // What the StatefulSet controller and kubelet would make of a PostgreSQL that exits at once.
    PodTemplateSpec withVolume =
        new PodTemplateSpecBuilder(postgres.getSpec().getTemplate())
            .editSpec()
            .addNewVolume()
            .withName("data")
            .withNewPersistentVolumeClaim()
            .withClaimName("data-demo-postgres-0")
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .build();
    podWithStatus(
        client,
        ns,
        "demo-postgres-0",
        withVolume,
        new PodStatusBuilder()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName("postgres")
            .withImage(RunningOperator.POSTGRES_IMAGE)
            .withImageID("")
            .withReady(false)
            .withRestartCount(2)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(1)
            .withReason("Error")
            .withMessage(
                "FATAL:  database files are incompatible with server\n"
                    + "DETAIL:  The data directory was initialized by PostgreSQL version 16, which"
                    + " is not compatible with this version 17.6.\n")
            .endTerminated()
            .endLastState()
            .endContainerStatus()
            .build());

    Condition database =
        condition(
            TaskOverflows.awaitReason(client, ns, "demo", "DatabaseReady", "CrashLoopBackOff"),
            "DatabaseReady");
    assertThat(database.getMessage())
        .isEqualTo(
            "container postgres exited with code 1: FATAL: database files are incompatible with"
                + " server DETAIL: The data directory was initialized by PostgreSQL version 16,"
                + " which is not compatible with this version 17.6.");
    assertThat(condition(TaskOverflows.of(client, ns, "demo").get(), "Ready").getReason())
        .isEqualTo("CrashLoopBackOff");

    Simulated.postgresReady(client, ns, "demo-postgres");
    Deployment app = await(client, ns, Deployment.class, "demo");
    assertThat(app.getSpec().getTemplate().getSpec().getContainers().get(0))
        .extracting(Container::getTerminationMessagePolicy)
        .isEqualTo("FallbackToLogsOnError");
    podWithStatus(
        client,
        ns,
        "demo-7d4b9c-x2x4k",
        app.getSpec().getTemplate(),
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewContainerStatus()
            .withName("todo")
            .withImage(RunningOperator.TODO_IMAGE)
            .withImageID("")
            .withReady(false)
            .withRestartCount(0)
            .withNewState()
            .withNewWaiting()
            .withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image \"" + RunningOperator.TODO_IMAGE + "\"")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .build());

    Condition appReady =
        condition(
            TaskOverflows.awaitReason(client, ns, "demo", "AppReady", "ImagePullFailed"),
            "AppReady");
    assertThat(appReady.getMessage())
        .startsWith(
            "container todo cannot pull image \""
                + RunningOperator.TODO_IMAGE
                + "\" (ImagePullBackOff)");
    assertThat(condition(TaskOverflows.of(client, ns, "demo").get(), "DatabaseReady").getStatus())
        .as("the database's pod is ready now: its past crash no longer speaks")
        .isEqualTo("True");
    TaskOverflow unpullable = KstatusCheck.await(client, ns, "demo", "Failed", TIMEOUT);
    assertThat(KstatusCheck.of(unpullable).argocd()).isEqualTo("Degraded");
    assertThat(condition(unpullable, "Stalled"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "ImagePullFailed");
    KstatusCheck.assertMessagesAreForUsers(unpullable);
  }

  /** A pod of {@code template}, as its controller would create it, with what kubelet reports. */
  private static void podWithStatus(
      KubernetesClient client, String ns, String name, PodTemplateSpec template, PodStatus status) {
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(template.getMetadata().getLabels())
                .endMetadata()
                .withSpec(template.getSpec())
                .build())
        .create();
    client
        .pods()
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            pod -> {
              pod.setStatus(status);
              return pod;
            });
  }

  @Test
  void specChangesReachTheDeploymentAndThePasswordNeverChanges(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "changes");
    TaskOverflows.create(client, ns, "app", "{}");
    String password = decoded(await(client, ns, Secret.class, "app-db")).get("password");
    // The StatefulSet follows the Secret in the workflow: its status can be written once it exists.
    await(client, ns, StatefulSet.class, "app-postgres");
    Simulated.postgresReady(client, ns, "app-postgres");
    await(client, ns, Deployment.class, "app");
    Simulated.deploymentReady(client, ns, "app");
    KstatusCheck.await(client, ns, "app", "Current", TIMEOUT);

    TaskOverflows.of(client, ns, "app")
        .edit(
            tof ->
                TaskOverflows.parse(
                    ns,
                    "app",
                    "replicas: 3\n"
                        + "image: registry.test/taskoverflow-todo:2.0\n"
                        + "resources:\n"
                        + "  requests: {cpu: 250m, memory: 384Mi}\n"
                        + "  limits: {memory: 768Mi}\n"));

    Eventually.await(
        "the Deployment follows the spec",
        TIMEOUT,
        () -> {
          Deployment app = client.apps().deployments().inNamespace(ns).withName("app").get();
          Container todo = app.getSpec().getTemplate().getSpec().getContainers().get(0);
          return app.getSpec().getReplicas() == 3
              && todo.getImage().equals("registry.test/taskoverflow-todo:2.0")
              && todo.getResources().getRequests().get("cpu").toString().equals("250m")
              && todo.getResources().getLimits().get("memory").toString().equals("768Mi");
        });
    assertThat(decoded(client.secrets().inNamespace(ns).withName("app-db").get()).get("password"))
        .isEqualTo(password);
    TaskOverflow changed = TaskOverflows.of(client, ns, "app").get();
    assertThat(KstatusCheck.of(changed))
        .as("InProgress until the Deployment serves the new generation")
        .extracting(KstatusCheck.Result::status, KstatusCheck.Result::argocd)
        .containsExactly("InProgress", "Progressing");
    Simulated.deploymentReady(client, ns, "app");
    TaskOverflow served = KstatusCheck.await(client, ns, "app", "Current", TIMEOUT);
    assertThat(served.getStatus().observedGeneration())
        .isEqualTo(served.getMetadata().getGeneration());
  }

  @Test
  void manyReplicasShareTheDatabasesConnections(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "budget");
    TaskOverflows.create(client, ns, "many", "replicas: 40\ndatabase: {maxConnections: 300}");
    StatefulSet postgres = await(client, ns, StatefulSet.class, "many-postgres");
    assertThat(postgres.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("max_connections=300");
    Simulated.postgresReady(client, ns, "many-postgres");
    Deployment app = await(client, ns, Deployment.class, "many");
    assertThat(poolSize(app)).as("(300 - 5) / (40 + 10)").isEqualTo("5");

    Simulated.deploymentReady(client, ns, "many");

    TaskOverflows.replaceSpec(client, ns, "many", "replicas: 50\ndatabase: {maxConnections: 300}");
    Eventually.await(
        "the pool shrinks with more replicas: (300 - 5) / (50 + 13)",
        TIMEOUT,
        () -> "4".equals(poolSize(deployment(client, ns, "many"))));
    assertThat(deployment(client, ns, "many").getSpec().getReplicas())
        .as("the 40 pods get the smaller pool before there are 50 of them")
        .isEqualTo(40);
    Simulated.deploymentReady(client, ns, "many");
    Eventually.await(
        "then the Deployment scales up",
        TIMEOUT,
        () -> deployment(client, ns, "many").getSpec().getReplicas() == 50);
    assertThat(poolSize(deployment(client, ns, "many"))).isEqualTo("4");
  }

  private static Deployment deployment(KubernetesClient client, String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  @Test
  void aDeletedConnectionSecretIsWrittenAnewAndRestartsPostgresWithIt(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "lost-secret");
    TaskOverflows.create(client, ns, "lost", "{}");
    Secret original = await(client, ns, Secret.class, "lost-db");
    String hash = connectionHash(await(client, ns, StatefulSet.class, "lost-postgres"));

    client.secrets().inNamespace(ns).withName("lost-db").delete();

    Eventually.await(
        "a new connection Secret",
        TIMEOUT,
        () -> {
          Secret now = client.secrets().inNamespace(ns).withName("lost-db").get();
          return now != null && !now.getMetadata().getUid().equals(original.getMetadata().getUid());
        });
    Eventually.await(
        "the PostgreSQL pods restart with it (each start sets its password on the database)",
        TIMEOUT,
        () ->
            !hash.equals(
                connectionHash(
                    client.apps().statefulSets().inNamespace(ns).withName("lost-postgres").get())));
  }

  private static String poolSize(Deployment app) {
    return app.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(env -> env.getName().equals("DB_POOL_SIZE"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static String connectionHash(StatefulSet postgres) {
    return postgres
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("taskoverflow.io/secrets-hash");
  }

  /**
   * The columns {@code kubectl get tof} shows, from the API server's Table rendering of the CRD's
   * printer columns (Age left out: it changes).
   */
  private static List<String> kubectlGetRow(KubernetesClient client, String ns, String name) {
    try {
      var http = client.getHttpClient();
      var request =
          http.newHttpRequestBuilder()
              .uri(
                  client.getMasterUrl()
                      + "apis/taskoverflow.io/v1alpha1/namespaces/"
                      + ns
                      + "/taskoverflows/"
                      + name)
              .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
              .build();
      String body = http.sendAsync(request, String.class).get().body();
      JsonNode table = new ObjectMapper().readTree(body);
      List<String> columns = new ArrayList<>();
      table.get("columnDefinitions").forEach(column -> columns.add(column.get("name").asText()));
      assertThat(columns).containsExactly("Name", "Phase", "Database", "Ready", "URL", "Age");
      List<String> cells = new ArrayList<>();
      table.get("rows").get(0).get("cells").forEach(cell -> cells.add(cell.asText()));
      return cells.subList(0, 5);
    } catch (Exception e) {
      throw new AssertionError("cannot read the table of " + name, e);
    }
  }

  private static void assertOwnedBy(
      io.fabric8.kubernetes.api.model.HasMetadata object, String owner) {
    assertThat(object.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("TaskOverflow");
              assertThat(ref.getName()).isEqualTo(owner);
            });
  }

  private static void assertHardened(
      io.fabric8.kubernetes.api.model.PodSpec pod, Container container) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getLimits()).containsKey("memory");
  }
}
