package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.Secrets;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.tls.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * RDS mode with pods: the operator installed by the command terraform/eks prints, talking to an
 * emulated AWS (moto, {@link RdsEmulator}) whose instances are real PostgreSQL servers behind their
 * endpoint names, TLS with certificates of the CA the chart is given as the RDS CA bundle. The
 * example creates one private, encrypted instance and serves todos from it as its own role over
 * verified TLS; a class change is one ModifyDBInstance; the operator killed in the middle of a
 * create leaves one instance; a deletion keeps its finalizer until the instance is gone and leaves
 * a final snapshot; Retain leaves the instance and its credentials; a server with another CA's
 * certificate is refused by the todo pods. And the move from the ECS deployment: the database of
 * terraform/ecs-baseline, with the original app's todos, adopted by the steps of
 * docs/migrating-from-ecs.md run as written.
 */
@ExtendWith(KindCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RdsE2E {

  static final String EXAMPLE = "examples/taskoverflow-rds.yaml";

  /** How long a step of the operator's may take here: moto answers at once. */
  private static final Duration STEP = Duration.ofMinutes(3);

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  private static RdsEmulator aws;
  private static RdsOperatorInstall operator;
  private static final List<String> used = new ArrayList<>();

  @BeforeAll
  static void installTheOperatorForRds(KubernetesClient client) throws Exception {
    aws = RdsEmulator.start(client);
    operator = RdsOperatorInstall.install(client, aws);
  }

  @AfterAll
  static void deleteWhileAwsAnswers(KubernetesClient client) throws Exception {
    try {
      used.forEach(namespace -> TaskOverflows.deleteAll(client, namespace));
    } finally {
      try {
        if (operator != null) {
          operator.close();
        }
      } finally {
        if (aws != null) {
          aws.close();
        }
      }
    }
  }

  private static Map<String, String> secret(
      KubernetesClient client, String namespace, String name) {
    return Secrets.decoded(client.secrets().inNamespace(namespace).withName(name).get());
  }

  private static String namespace(KubernetesClient client, String prefix) {
    String namespace = namespaces.restricted(client, prefix);
    used.add(namespace);
    return namespace;
  }

  @Test
  void theExampleServesTodosFromOnePrivateEncryptedInstanceAsItsOwnRoleOverVerifiedTls(
      KubernetesClient client) throws Exception {
    String namespace = namespace(client, "e2e-rds");
    aws.moto.startRecording();
    long applied = System.nanoTime();
    String name = Workloads.applyExample(client, namespace, EXAMPLE);

    Eventually.await(
        name + " has DatabaseReady=True",
        STEP,
        () -> "True".equals(Workloads.conditionStatus(client, namespace, name, "DatabaseReady")));
    KindCluster.note("time RDS apply to DatabaseReady: %s s", KindCluster.secondsSince(applied));
    Workloads.awaitReady(client, namespace, name);
    KindCluster.note("time RDS apply to Ready: %s s", KindCluster.secondsSince(applied));
    try (TodoService service = TodoService.open(client, namespace, name)) {
      KeptTodos todos = KeptTodos.create(service);
      KindCluster.note(
          "time RDS apply to first todo stored: %s s", KindCluster.secondsSince(applied));
      todos.assertNothingLost(service, "on the RDS instance");
    }

    List<DBInstance> instances = aws.instancesOf(namespace);
    assertThat(instances).as("instances of %s", namespace).hasSize(1);
    DBInstance instance = instances.get(0);
    assertThat(instance.publiclyAccessible()).as("publicly accessible").isFalse();
    assertThat(instance.storageEncrypted()).as("storage encrypted").isTrue();
    assertThat(aws.recordedActions()).filteredOn("CreateDBInstance"::equals).hasSize(1);

    String id = instance.dbInstanceIdentifier();
    Map<String, String> connection = secret(client, namespace, name + "-db");
    assertThat(connection)
        .containsEntry("host", aws.servers.endpoint(id))
        .containsEntry("username", "todo_app")
        .containsEntry("ca.crt", aws.ca.certificatePem());
    assertThat(connection.get("uri")).contains("sslmode=verify-full");
    Eventually.await(
        "the todo pods are connected to " + id + " as todo_app over TLS, and nobody else",
        Duration.ofSeconds(30),
        () ->
            aws.servers
                .psql(
                    id,
                    "postgres",
                    "SELECT DISTINCT a.usename || ':' || s.ssl FROM pg_stat_activity a"
                        + " JOIN pg_stat_ssl s USING (pid) WHERE a.datname = 'todo'")
                .equals("todo_app:true"));

    aClassChangeIsOneModifyDbInstance(client, namespace, name, id);
    aDeletionKeepsItsFinalizerUntilTheInstanceIsGoneAndLeavesAFinalSnapshot(
        client, namespace, name, id);
  }

  private static void aClassChangeIsOneModifyDbInstance(
      KubernetesClient client, String namespace, String name, String id) {
    aws.moto.startRecording();
    TaskOverflows.of(client, namespace, name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\": {\"database\": {\"rds\": {\"instanceClass\": \"db.t3.small\"}}}}");
    Eventually.await(
        "the DatabaseReady message names the pending class",
        STEP,
        () ->
            Workloads.condition(client, namespace, name, "DatabaseReady")
                .getMessage()
                .contains("db.t3.small"));
    List<String> writes =
        aws.moto.recordedBodies().stream()
            .filter(body -> !RdsServerBridge.form(body).get("Action").matches("(Describe|List).*"))
            .toList();
    assertThat(writes).as("what the operator asked AWS to change").hasSize(1);
    assertThat(RdsServerBridge.form(writes.get(0)))
        .containsEntry("Action", "ModifyDBInstance")
        .containsEntry("DBInstanceIdentifier", id)
        .containsEntry("DBInstanceClass", "db.t3.small")
        .containsOnlyKeys(
            "Action", "Version", "DBInstanceIdentifier", "DBInstanceClass", "ApplyImmediately");
  }

  private static void aDeletionKeepsItsFinalizerUntilTheInstanceIsGoneAndLeavesAFinalSnapshot(
      KubernetesClient client, String namespace, String name, String id) {
    AtomicBoolean resourceGoneBeforeInstance = new AtomicBoolean();
    TaskOverflows.of(client, namespace, name).delete();
    Eventually.await(
        namespace + "/" + name + " is deleted",
        STEP,
        () -> {
          boolean instanceExists =
              aws.rds.describeDBInstances().dbInstances().stream()
                  .anyMatch(i -> i.dbInstanceIdentifier().equals(id));
          boolean resourceExists = TaskOverflows.of(client, namespace, name).get() != null;
          if (!resourceExists && instanceExists) {
            resourceGoneBeforeInstance.set(true);
          }
          return !resourceExists;
        });
    assertThat(resourceGoneBeforeInstance)
        .as("the resource was gone before its instance")
        .isFalse();
    assertThat(aws.rds.describeDBInstances().dbInstances())
        .noneMatch(i -> i.dbInstanceIdentifier().equals(id));
    assertThat(aws.rds.describeDBSnapshots(r -> r.dbInstanceIdentifier(id)).dbSnapshots())
        .as("final snapshots of %s", id)
        .singleElement()
        .satisfies(s -> assertThat(s.dbSnapshotIdentifier()).startsWith(id + "-final-"));
  }

  @Test
  void theOperatorKilledInTheMiddleOfACreateLeavesOneInstance(KubernetesClient client)
      throws Exception {
    String namespace = namespace(client, "e2e-rds-kill");
    RdsServerBridge.Hold create = aws.bridge.holdNextCreate();
    TaskOverflows.create(
        client, namespace, "interrupted", "replicas: 1\ndatabase: {mode: RDS, rds: {}}\n");
    create.awaitReached(STEP);
    // moto holds the instance; the operator that asked for it has not heard so, and never will.
    client
        .pods()
        .inNamespace(KindCluster.OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/instance", KindCluster.RELEASE)
        .withGracePeriod(0)
        .delete();
    create.release();
    Workloads.awaitReady(client, namespace, "interrupted");
    assertThat(aws.instancesOf(namespace)).as("instances of %s", namespace).hasSize(1);
    try (TodoService service = TodoService.open(client, namespace, "interrupted")) {
      KeptTodos.create(service).assertNothingLost(service, "after the interrupted create");
    }
    TaskOverflows.deleteAll(client, namespace);
  }

  @Test
  void retainLeavesTheInstanceRunningWithCredentialsThatLogIn(KubernetesClient client) {
    String namespace = namespace(client, "e2e-rds-retain");
    TaskOverflows.create(
        client,
        namespace,
        "kept",
        "replicas: 1\ndatabase: {mode: RDS, rds: {deletionPolicy: Retain}}\n");
    Workloads.awaitReady(client, namespace, "kept");
    String id = aws.instancesOf(namespace).get(0).dbInstanceIdentifier();

    TaskOverflows.deleteAll(client, namespace);

    DBInstance instance =
        aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
    assertThat(instance.dbInstanceStatus()).isEqualTo("available");
    assertThat(aws.tag(instance, "taskoverflow.io/managed-by")).isNull();
    assertThat(aws.tag(instance, "taskoverflow.io/retained-at")).isNotNull();
    Map<String, String> master = secret(client, namespace, id + "-master");
    assertThat(aws.servers.logsIn(id, master.get("username"), master.get("password")))
        .as("the kept master credentials log in to %s", id)
        .isTrue();
  }

  @Test
  void aServerWithACertificateOfAnotherCaIsRefusedByTheTodoPods(KubernetesClient client) {
    String namespace = namespace(client, "e2e-rds-impostor");
    TaskOverflows.create(
        client, namespace, "trusting", "replicas: 1\ndatabase: {mode: RDS, rds: {}}\n");
    Workloads.awaitReady(client, namespace, "trusting");
    String id = aws.instancesOf(namespace).get(0).dbInstanceIdentifier();

    // Someone else answers at the endpoint's name, with a certificate for it from another CA.
    aws.servers.presentCertificateOf(
        id, CertificateAuthority.generate("impostor-ca", Instant.now()));

    Eventually.await(
        "no todo pod of trusting is ready",
        STEP,
        () ->
            Workloads.appPods(client, namespace, "trusting").stream()
                .noneMatch(TodoService::ready));
    // A todo pod that starts now says why it waits: it names the cause while it waits for the
    // database.
    client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", "trusting")
        .withLabel("app.kubernetes.io/component", "app")
        .delete();
    Eventually.await(
        "a todo pod of trusting says the server's certificate is not trusted",
        STEP,
        () ->
            Workloads.appPods(client, namespace, "trusting").stream()
                .map(Pod::getMetadata)
                .anyMatch(
                    pod ->
                        Workloads.refusedTheDatabaseCertificate(client, namespace, pod.getName())));
    assertThat(Workloads.appPods(client, namespace, "trusting"))
        .as("no todo pod is ready on a server it cannot verify")
        .noneMatch(TodoService::ready);
    TaskOverflow resource = TaskOverflows.of(client, namespace, "trusting").get();
    KindCluster.note(
        "impostor: Ready=%s (%s)",
        TaskOverflows.condition(resource, "Ready").getStatus(),
        TaskOverflows.condition(resource, "Ready").getMessage());
  }

  /**
   * The todos table as the original TaskOverflow (Flask + SQLAlchemy) left it: made by its
   * db.create_all() as the master user, without column defaults (SQLAlchemy set them itself) and
   * without a migration history; three todos in it.
   */
  private static final String ORIGINAL_TODOS =
      "CREATE TABLE todos (id SERIAL NOT NULL, title VARCHAR(80) NOT NULL,"
          + " description VARCHAR(120), completed BOOLEAN NOT NULL,"
          + " deadline_at TIMESTAMP WITHOUT TIME ZONE, created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,"
          + " updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (id));"
          + " INSERT INTO todos (title, description, completed, deadline_at, created_at, updated_at)"
          + " VALUES ('Write the report', 'due Friday', false, '2026-12-11 17:00', '2026-11-30 09:00',"
          + " '2026-11-30 09:00'), ('Book the lab', NULL, true, NULL, '2026-12-01 10:00',"
          + " '2026-12-02 08:30'), ('Read chapter 4', 'ECS and Fargate', false, NULL,"
          + " '2026-12-03 14:15', '2026-12-03 14:15')";

  private static final List<String> ORIGINAL_TITLES =
      List.of("Write the report", "Book the lab", "Read chapter 4");

  /*
   * The two ECS cases come first, one after the other, each starting from an account without RDS
   * instances: moto gives every instance the same resource id, by which the AWS provider of
   * Terraform finds the one it made, so a second instance would confuse its apply.
   */
  @Test
  @Order(1)
  void theEcsDeploymentsDatabaseIsAdoptedWithItsTodosByTheDocumentedSteps(KubernetesClient client)
      throws Exception {
    String namespace = namespace(client, "e2e-ecs");
    String name = "todo";
    EcsBaseline baseline = baselineWithTheOriginalTodos();
    String id = baseline.output("db_instance_identifier");
    List<Object> settingsBefore = settings(id);

    DocSteps migration = DocSteps.of("docs/migrating-from-ecs.md");
    assertThat(migration.names())
        .containsExactly(
            "consent", "secret", "adopt", "retire", "copy-create", "copy-stop-ecs", "copy");
    Map<String, String> shell = migrationShell(client, namespace, name);

    migration.run("consent", baseline.directory(), shell);
    assertThat(aws.tag(instance(id), "taskoverflow.io/adoptable-by"))
        .isEqualTo(namespace + "/" + name);
    migration.run("secret", baseline.directory(), shell);
    long applied = System.nanoTime();
    migration.run("adopt", baseline.directory(), shell);
    KindCluster.note("time adoption apply to Ready: %s s", KindCluster.secondsSince(applied));

    assertServesTheOriginalTodos(client, namespace, name, "after the adoption");
    assertThat(settings(id))
        .as("the instance's settings after the adoption")
        .isEqualTo(settingsBefore);
    assertThat(aws.tag(instance(id), "taskoverflow.io/managed-by")).isNotNull();
    assertThat(aws.tag(instance(id), "taskoverflow.io/adoptable-by"))
        .as("consent used up")
        .isNull();

    String ecsCluster = baseline.output("ecs_cluster_name");
    migration.run("retire", baseline.directory(), shell);
    assertThat(settings(id))
        .as("the instance after the ECS deployment is gone")
        .isEqualTo(settingsBefore);
    assertThat(
            Commands.output(
                    List.of(
                        "aws", "secretsmanager", "list-secrets", "--query", "length(SecretList)"),
                    baseline.directory(),
                    shell,
                    Duration.ofMinutes(1))
                .strip())
        .as("secrets left in Secrets Manager")
        .isEqualTo("0");
    assertThat(
            Commands.output(
                    List.of(
                        "aws",
                        "ecs",
                        "describe-clusters",
                        "--clusters",
                        ecsCluster,
                        "--query",
                        "length(clusters[?status=='ACTIVE'])"),
                    baseline.directory(),
                    shell,
                    Duration.ofMinutes(1))
                .strip())
        .as("active ECS clusters named %s", ecsCluster)
        .isEqualTo("0");

    // Without the ECS deployment, restarted: its todo pods, then the operator.
    client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", name)
        .withLabel("app.kubernetes.io/component", "app")
        .delete();
    client
        .pods()
        .inNamespace(KindCluster.OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/instance", KindCluster.RELEASE)
        .delete();
    Workloads.awaitRollout(
        client,
        KindCluster.OPERATOR_NAMESPACE,
        OperatorRelease.deployment(client).getMetadata().getName(),
        STEP);
    Workloads.awaitRollout(client, namespace, name, STEP);
    Workloads.awaitReady(client, namespace, name);
    assertServesTheOriginalTodos(client, namespace, name, "after the ECS deployment is gone");

    // Retain lets the instance go; it is then deleted, for the next case's account to hold none.
    TaskOverflows.deleteAll(client, namespace);
    aws.rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id).skipFinalSnapshot(true));
  }

  @Test
  @Order(2)
  void theEcsDeploymentsTodosAreCopiedToANewInstanceByTheDocumentedSteps(KubernetesClient client)
      throws Exception {
    String namespace = namespace(client, "e2e-ecs-copy");
    String name = "todo";
    EcsBaseline baseline = baselineWithTheOriginalTodos();
    String oldId = baseline.output("db_instance_identifier");
    DocSteps migration = DocSteps.of("docs/migrating-from-ecs.md");
    Map<String, String> shell = migrationShell(client, namespace, name);
    shell.put("PG_IMAGE", OperatorRelease.postgresImage(client));

    migration.run("consent", baseline.directory(), shell);
    migration.run("copy-create", baseline.directory(), shell);
    assertThat(migration.run("copy-stop-ecs", baseline.directory(), shell).strip())
        .as("the ECS service's desired count")
        .isEqualTo("0");
    migration.run("copy", baseline.directory(), shell);
    assertServesTheOriginalTodos(client, namespace, name, "after the copy");
    assertThat(aws.instancesOf(namespace))
        .as("the new instance")
        .singleElement()
        .satisfies(i -> assertThat(i.dbInstanceIdentifier()).isNotEqualTo(oldId));

    // Its last step, terraform destroy, is not run: moto gives every instance one resource id,
    // so the wait for the old instance's deletion would not end while the new one exists.
    // Its pods leave the node's CPU to the next cases.
    TaskOverflows.deleteAll(client, namespace);
  }

  /** terraform/ecs-baseline applied, its database holding what the original app left. */
  private static EcsBaseline baselineWithTheOriginalTodos() throws Exception {
    EcsBaseline baseline =
        EcsBaseline.apply(aws.bridge.endpoint(), "127.0.0.1:5000/taskoverflow-todo:ecs");
    aws.servers.psql(
        baseline.output("db_instance_identifier"), baseline.output("db_name"), ORIGINAL_TODOS);
    return baseline;
  }

  private static void assertServesTheOriginalTodos(
      KubernetesClient client, String namespace, String name, String when) {
    try (TodoService service = TodoService.open(client, namespace, name)) {
      TodoService.Answer list = service.get("/api/v1/todos");
      assertThat(list.status()).as("GET /api/v1/todos %s: %s", when, list).isEqualTo(200);
      assertThat(KeptTodos.json(list.body()).findValuesAsText("title"))
          .as("the todos %s", when)
          .containsAll(ORIGINAL_TITLES);
      KeptTodos.create(service).assertNothingLost(service, when);
    }
  }

  /** The shell the migration's steps run in: what its "Before you start" sets, and the tools. */
  private static Map<String, String> migrationShell(
      KubernetesClient client, String namespace, String name) throws Exception {
    Map<String, String> shell = new java.util.HashMap<>();
    shell.put("NAMESPACE", namespace);
    shell.put("NAME", name);
    // terraform/eks's node_security_group_id: a group in the emulated account.
    shell.put("NODE_SG", MotoNetwork.createSecurityGroup(aws.ec2));
    shell.put("AWS_ENDPOINT_URL", aws.bridge.endpoint().toString());
    shell.put("AWS_ACCESS_KEY_ID", "testing");
    shell.put("AWS_SECRET_ACCESS_KEY", "testing");
    shell.put("AWS_DEFAULT_REGION", RdsEmulator.REGION);
    String awsCli = System.getProperty("taskoverflow.e2e.awsCli", "aws");
    Path awsCliDirectory = Path.of(awsCli).getParent();
    if (awsCliDirectory != null) {
      shell.put("PATH", awsCliDirectory + ":" + System.getenv("PATH"));
    }
    if (!KindCluster.CONTEXT.isEmpty()) {
      Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
      Files.writeString(
          kubeconfig,
          Commands.output(
              List.of(
                  "kubectl",
                  "config",
                  "view",
                  "--minify",
                  "--flatten",
                  "--context",
                  KindCluster.CONTEXT),
              KindCluster.REPOSITORY,
              Map.of(),
              Duration.ofMinutes(1)));
      kubeconfig.toFile().deleteOnExit();
      shell.put("KUBECONFIG", kubeconfig.toString());
    }
    return shell;
  }

  private static DBInstance instance(String id) {
    return aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
  }

  /** What the adoption must leave as it was. */
  private static List<Object> settings(String id) {
    DBInstance i = instance(id);
    return List.of(
        i.dbInstanceClass(),
        i.engine(),
        i.engineVersion(),
        i.allocatedStorage(),
        String.valueOf(i.maxAllocatedStorage()),
        i.multiAZ(),
        i.backupRetentionPeriod(),
        i.dbSubnetGroup().dbSubnetGroupName(),
        i.vpcSecurityGroups().stream().map(g -> g.vpcSecurityGroupId()).sorted().toList(),
        i.storageEncrypted(),
        i.publiclyAccessible(),
        i.masterUsername(),
        String.valueOf(i.dbName()));
  }
}
