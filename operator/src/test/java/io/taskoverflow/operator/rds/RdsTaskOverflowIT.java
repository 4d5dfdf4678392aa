package io.taskoverflow.operator.rds;

import static io.taskoverflow.operator.testsupport.Await.await;
import static io.taskoverflow.operator.testsupport.RdsFixtures.awaitConnection;
import static io.taskoverflow.operator.testsupport.RdsFixtures.env;
import static io.taskoverflow.operator.testsupport.RdsFixtures.onlyInstance;
import static io.taskoverflow.operator.testsupport.RdsFixtures.tags;
import static io.taskoverflow.operator.testsupport.Secrets.decoded;
import static io.taskoverflow.operator.testsupport.TaskOverflows.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.testsupport.MotoServerExtension;
import io.taskoverflow.operator.testsupport.RdsCalls;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.tls.RdsCaBundle;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * A TaskOverflow in mode RDS against a real API server and moto: the instance is created as the
 * spec says, the connection Secret is filled from it (with the app's role, which the operator's
 * master logins set up: here they accept everything, RdsAppRoleIT has them at work), the app
 * follows, changes become one ModifyDBInstance, and errors carry the AWS code and clear by
 * themselves (adoption: RdsAdoptionIT). (moto makes instances available at once; waiting is covered
 * by RdsLifecycleTest with a scripted gateway.)
 */
@ExtendWith({KubeApiServerExtension.class, MotoServerExtension.class})
class RdsTaskOverflowIT {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String RDS_SPEC =
      "database:\n  mode: RDS\n  rds:\n    maxAllocatedStorage: 100\n    backupRetentionDays: 2\n";

  @Test
  void createsTheInstanceThenTheAppAndBecomesReady(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    RdsCalls calls = new RdsCalls();
    String ns = TestNamespaces.create(client, "rds");
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, calls, env(ns, network))) {
      TaskOverflows.create(client, ns, "shop", RDS_SPEC);

      Map<String, String> connection = awaitConnection(client, ns, "shop");
      DBInstance instance = onlyInstance(rds);
      String identifier = RdsIdentifier.derive(ns, "shop");
      assertThat(instance.dbInstanceIdentifier()).isEqualTo(identifier);
      assertThat(instance.engine()).isEqualTo("postgres");
      assertThat(instance.storageEncrypted()).as("encrypted by default").isTrue();
      assertThat(instance.publiclyAccessible()).as("never public").isFalse();
      assertThat(instance.dbSubnetGroup().dbSubnetGroupName()).isEqualTo(network.subnetGroup());
      assertThat(instance.vpcSecurityGroups())
          .extracting(group -> group.vpcSecurityGroupId())
          .containsExactly(network.securityGroupId());
      assertThat(instance.maxAllocatedStorage()).isEqualTo(100);
      assertThat(instance.backupRetentionPeriod()).isEqualTo(2);
      assertThat(instance.dbName()).isEqualTo("todo");
      TaskOverflow resource = TaskOverflows.of(client, ns, "shop").get();
      assertThat(tags(instance))
          .containsEntry(RdsGateway.MANAGED_BY, RdsGateway.OPERATOR)
          .containsEntry(RdsTags.NAMESPACE, ns)
          .containsEntry(RdsTags.NAME, "shop")
          .containsEntry(RdsTags.UID, resource.getMetadata().getUid());

      Map<String, String> master =
          decoded(client.secrets().inNamespace(ns).withName("shop-db-master").get());
      assertThat(master.get("password")).hasSizeGreaterThanOrEqualTo(32);
      assertThat(connection)
          .as("the app's own role, verified TLS with the RDS CA bundle the operator ships")
          .containsEntry("host", instance.endpoint().address())
          .containsEntry("port", String.valueOf(instance.endpoint().port()))
          .containsEntry("dbname", "todo")
          .containsEntry("username", "todo_app")
          .containsEntry("ca.crt", RdsCaBundle.pem());
      assertThat(connection.get("password"))
          .hasSizeGreaterThanOrEqualTo(32)
          .isNotEqualTo(master.get("password"));
      assertThat(connection.get("uri"))
          .endsWith("/todo?sslmode=verify-full&sslrootcert=/etc/taskoverflow/database/ca.crt");

      Deployment app = await(client, ns, Deployment.class, "shop");
      assertThat(app.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
          .anySatisfy(
              env -> {
                assertThat(env.getName()).isEqualTo("SQLALCHEMY_DATABASE_URI");
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-db");
              });
      Simulated.deploymentReady(client, ns, "shop");
      TaskOverflow ready = TaskOverflows.awaitPhase(client, ns, "shop", Phase.Ready);
      var database = ready.getStatus().database();
      assertThat(database.mode()).isEqualTo("RDS");
      assertThat(database.instanceId()).isEqualTo(identifier);
      assertThat(database.status()).isEqualTo("available");
      assertThat(database.endpoint()).isEqualTo(instance.endpoint().address());
      assertThat(database.port()).isEqualTo(instance.endpoint().port());
      assertThat(database.engineVersion()).isEqualTo(instance.engineVersion());
      assertThat(condition(ready, "DatabaseReady").getMessage())
          .contains(identifier)
          .contains("available");

      assertThat(calls.count("CreateDBInstance")).isEqualTo(1);
      assertThat(calls.all())
          .as("the dependent never describes one instance; the poller describes them all")
          .filteredOn(call -> call.operation().equals("DescribeDBInstances"))
          .allSatisfy(call -> assertThat(call.thread()).isEqualTo("rds-poller"));
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .extracting(Event::getMessage)
          .anySatisfy(
              message -> assertThat(message).contains("requested RDS instance " + identifier))
          .noneSatisfy(message -> assertThat(message).contains(master.get("password")));
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void aChangedSpecBecomesOneModifyDBInstance(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) throws Exception {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    RdsCalls calls = new RdsCalls();
    String ns = TestNamespaces.create(client, "rds-modify");
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, calls, env(ns, network))) {
      TaskOverflows.create(client, ns, "shop", RDS_SPEC);
      awaitConnection(client, ns, "shop");

      TaskOverflows.replaceSpec(
          client,
          ns,
          "shop",
          "database:\n  mode: RDS\n  rds:\n    instanceClass: db.t3.small\n"
              + "    allocatedStorage: 30\n    maxAllocatedStorage: 200\n"
              + "    backupRetentionDays: 7\n    multiAZ: true\n"
              + "    applyImmediately: true\n");

      Eventually.await(
          "moto reports the new settings",
          TIMEOUT,
          () -> {
            DBInstance instance = onlyInstance(rds);
            return "db.t3.small".equals(instance.dbInstanceClass())
                && instance.allocatedStorage() == 30
                && instance.maxAllocatedStorage() == 200
                && instance.backupRetentionPeriod() == 7
                && instance.multiAZ();
          });
      Thread.sleep(5_000); // a few more polling cycles and reconciles
      assertThat(calls.count("ModifyDBInstance")).isEqualTo(1);
      assertThat(calls.count("CreateDBInstance")).isEqualTo(1);
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .extracting(Event::getMessage)
          .anySatisfy(
              message ->
                  assertThat(message)
                      .contains("instance class db.t3.small")
                      .contains("applied immediately"));
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void anAwsErrorIsReportedWithItsCodeAndClearsOnceTheCauseIsFixed(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    RdsCalls calls = new RdsCalls();
    String ns = TestNamespaces.create(client, "rds-error");
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, calls, Map.of("WATCH_NAMESPACES", ns))) {
      TaskOverflows.create(client, ns, "shop", "database: {mode: RDS, rds: {}}\n");

      TaskOverflow failed = TaskOverflows.awaitPhase(client, ns, "shop", Phase.Failed);
      assertThat(condition(failed, "DatabaseReady").getReason()).isEqualTo("NetworkNotConfigured");
      assertThat(condition(failed, "DatabaseReady").getMessage())
          .contains("spec.database.rds.subnetGroupName")
          .contains("RDS_SUBNET_GROUP");

      // A subnet group that does not exist yet: AWS refuses the create with its own error code.
      MotoNetwork network = new MotoNetwork(MotoNetwork.SUBNET_GROUP, securityGroup(ec2));
      TaskOverflows.replaceSpec(
          client,
          ns,
          "shop",
          "database:\n  mode: RDS\n  rds:\n    subnetGroupName: "
              + network.subnetGroup()
              + "\n    securityGroupIds: ["
              + network.securityGroupId()
              + "]\n");
      Eventually.await(
          "the AWS error code in DatabaseReady",
          TIMEOUT,
          () ->
              condition(TaskOverflows.of(client, ns, "shop").get(), "DatabaseReady")
                  .getReason()
                  .equals("DBSubnetGroupNotFoundFault"));
      assertThat(TaskOverflows.of(client, ns, "shop").get().getStatus().phase())
          .isEqualTo(Phase.Failed);

      MotoNetwork.createSubnetGroup(rds, ec2);

      awaitConnection(client, ns, "shop");
      assertThat(rds.describeDBInstances().dbInstances()).hasSize(1);
      TaskOverflows.deleteAll(client, ns);
    }
  }

  @Test
  void aDeletedMasterSecretIsGeneratedAnewAndItsPasswordSetOnTheInstance(
      KubernetesClient client, MotoServer moto, RdsClient rds, Ec2Client ec2) {
    MotoNetwork network = MotoNetwork.create(rds, ec2);
    String ns = TestNamespaces.create(client, "rds-lost-secret");
    try (RunningOperator operator =
        RunningOperator.withRds(client, moto, new RdsCalls(), env(ns, network))) {
      TaskOverflows.create(client, ns, "shop", RDS_SPEC);
      Map<String, String> app = awaitConnection(client, ns, "shop");
      Secret first = client.secrets().inNamespace(ns).withName("shop-db-master").get();
      assertThat(tags(onlyInstance(rds)))
          .as("the instance names the Secret whose password it has")
          .containsEntry(RdsTags.MASTER_SECRET_UID, first.getMetadata().getUid());
      moto.startRecording();

      client.secrets().inNamespace(ns).withName("shop-db-master").delete();

      Eventually.await(
          "the instance is tagged with the new master Secret",
          TIMEOUT,
          () -> {
            Secret now = client.secrets().inNamespace(ns).withName("shop-db-master").get();
            return now != null
                && !now.getMetadata().getUid().equals(first.getMetadata().getUid())
                && now.getMetadata()
                    .getUid()
                    .equals(tags(onlyInstance(rds)).get(RdsTags.MASTER_SECRET_UID));
          });
      String password =
          decoded(client.secrets().inNamespace(ns).withName("shop-db-master").get())
              .get("password");
      assertThat(password).isNotEqualTo(decoded(first).get("password"));
      String identifier = RdsIdentifier.derive(ns, "shop");
      assertThat(moto.recordedBodies())
          .as("moto received the new password for the instance")
          .anySatisfy(
              body ->
                  assertThat(body)
                      .contains("Action=ModifyDBInstance")
                      .contains("DBInstanceIdentifier=" + identifier)
                      .contains("MasterUserPassword=" + password));
      assertThat(awaitConnection(client, ns, "shop"))
          .as("the app's role does not depend on the master password")
          .isEqualTo(app);
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .extracting(Event::getMessage)
          .anySatisfy(
              message -> assertThat(message).contains("set the password of Secret shop-db-master"))
          .noneSatisfy(message -> assertThat(message).contains(password));
      TaskOverflows.deleteAll(client, ns);
    }
  }

  private static String securityGroup(Ec2Client ec2) {
    return MotoNetwork.createSecurityGroup(ec2);
  }
}
