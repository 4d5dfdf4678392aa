package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.GenericTaskOverflows.TASK_OVERFLOWS;
import static io.taskoverflow.operator.testsupport.GenericTaskOverflows.awaitServed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.crd.TaskOverflowApi;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the API server refuses before any operator sees it: the CRD's enums, bounds, patterns,
 * required fields and CEL rules, each answered with a 422 whose message names the field. Only the
 * committed CRD is installed. Resources are sent as plain YAML maps, not through the Java model, so
 * the server sees exactly what a user's {@code kubectl apply} would send.
 */
@ExtendWith(KubeApiServerExtension.class)
class TaskOverflowValidationIT {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final String RDS = "database:\n  mode: RDS\n  rds:\n";
  private static final String EXTERNAL = "database:\n  mode: External\n  external:\n";

  private static String namespace;
  private static final Set<String> namespacesWithResources = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    RunningOperator.installCrd(client);
    namespace = TestNamespaces.create(client, "validation");
    awaitServed(client, namespace);
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        // enums
        argumentSet(
            "database.mode outside InCluster, RDS, External",
            "database: {mode: Postgres}",
            "spec.database.mode: Unsupported value: \"Postgres\"",
            "supported values: \"External\", \"InCluster\", \"RDS\""),
        argumentSet(
            "service.type ExternalName",
            "service: {type: ExternalName}",
            "spec.service.type: Unsupported value: \"ExternalName\"",
            "supported values: \"ClusterIP\", \"LoadBalancer\", \"NodePort\""),
        argumentSet(
            "rds.deletionPolicy outside Delete, Snapshot, Retain",
            RDS + "    deletionPolicy: Keep",
            "spec.database.rds.deletionPolicy: Unsupported value: \"Keep\"",
            "supported values: \"Delete\", \"Retain\", \"Snapshot\""),
        // bounds
        argumentSet(
            "negative replicas",
            "replicas: -1",
            "spec.replicas: Invalid value: -1",
            "greater than or equal to 0"),
        argumentSet(
            "more than 50 replicas",
            "replicas: 51",
            "spec.replicas: Invalid value: 51",
            "less than or equal to 50"),
        argumentSet(
            "service.port 0",
            "service: {port: 0}",
            "spec.service.port: Invalid value: 0",
            "greater than or equal to 1"),
        argumentSet(
            "service.port above 65535",
            "service: {port: 70000}",
            "spec.service.port: Invalid value: 70000",
            "less than or equal to 65535"),
        argumentSet(
            "rds.allocatedStorage below the RDS minimum of 20 GiB",
            RDS + "    allocatedStorage: 10",
            "spec.database.rds.allocatedStorage: Invalid value: 10",
            "greater than or equal to 20"),
        argumentSet(
            "rds.backupRetentionDays above 35",
            RDS + "    backupRetentionDays: 36",
            "spec.database.rds.backupRetentionDays: Invalid value: 36",
            "less than or equal to 35"),
        // patterns
        argumentSet(
            "image with whitespace",
            "image: 'todo app:1.0'",
            "spec.image: Invalid value: \"todo app:1.0\"",
            "should match"),
        argumentSet(
            "ingress.host that is no DNS name",
            "ingress: {host: 'todo_app.example.com'}",
            "spec.ingress.host: Invalid value: \"todo_app.example.com\"",
            "should match"),
        argumentSet(
            "database.name with a hyphen",
            "database: {name: todo-db}",
            "spec.database.name: Invalid value: \"todo-db\"",
            "should match"),
        argumentSet(
            "database.name starting with '_', which RDS refuses",
            "database: {name: _todo}",
            "spec.database.name: Invalid value: \"_todo\"",
            "should match"),
        argumentSet(
            "inCluster.storage that is no quantity",
            "database: {inCluster: {storage: lots}}",
            "spec.database.inCluster.storage: Invalid value: \"lots\"",
            "should match"),
        argumentSet(
            "rds.securityGroupIds item that is no sg- id",
            RDS + "    securityGroupIds: [default]",
            "spec.database.rds.securityGroupIds[0]: Invalid value: \"default\"",
            "should match"),
        argumentSet(
            "rds.instanceClass without the db. prefix",
            RDS + "    instanceClass: t3.micro",
            "spec.database.rds.instanceClass: Invalid value: \"t3.micro\"",
            "should match"),
        argumentSet(
            "rds.engineVersion that is no version",
            RDS + "    engineVersion: latest",
            "spec.database.rds.engineVersion: Invalid value: \"latest\"",
            "should match"),
        // required
        argumentSet(
            "ingress without host",
            "ingress: {className: nginx}",
            "spec.ingress.host: ",
            "Required value"),
        argumentSet(
            "external without secretRef",
            EXTERNAL + "    {}",
            "spec.database.external.secretRef: ",
            "Required value"),
        argumentSet(
            "secretRef without name",
            EXTERNAL + "    secretRef: {key: uri}",
            "spec.database.external.secretRef.name: ",
            "Required value"),
        // CEL rules across fields
        argumentSet(
            "mode InCluster with rds settings",
            "database: {mode: InCluster, rds: {}}",
            "spec.database: Invalid value",
            "database.rds and database.external are not allowed when database.mode is InCluster"
                + " (the default); set database.mode to RDS or External to use them"),
        argumentSet(
            "mode InCluster with an external database",
            "database: {external: {secretRef: {name: todo-db-uri}}}",
            "spec.database: Invalid value",
            "database.rds and database.external are not allowed when database.mode is InCluster"),
        argumentSet(
            "mode External without external",
            "database: {mode: External}",
            "spec.database: Invalid value",
            "database.mode External requires database.external"),
        argumentSet(
            "mode RDS without rds",
            "database: {mode: RDS}",
            "spec.database: Invalid value",
            "database.mode RDS requires database.rds"),
        argumentSet(
            "mode RDS with inCluster settings as well",
            "database: {mode: RDS, rds: {}, inCluster: {}}",
            "spec.database: Invalid value",
            "database.mode RDS requires database.rds and allows neither inCluster nor external"),
        argumentSet(
            "rds.maxAllocatedStorage below allocatedStorage",
            RDS + "    allocatedStorage: 100\n    maxAllocatedStorage: 50",
            "spec.database.rds.maxAllocatedStorage: Invalid value",
            "database.rds.maxAllocatedStorage must be at least 10% more than allocatedStorage (as"
                + " RDS requires), or unset for no storage autoscaling"),
        argumentSet(
            "rds.maxAllocatedStorage less than 10% above allocatedStorage, which RDS refuses",
            RDS + "    allocatedStorage: 20\n    maxAllocatedStorage: 21",
            "spec.database.rds.maxAllocatedStorage: Invalid value",
            "database.rds.maxAllocatedStorage must be at least 10% more"),
        argumentSet(
            "rds.instanceIdentifier without the Secret of its master credentials",
            RDS + "    instanceIdentifier: legacy-todo",
            "spec.database.rds: Invalid value",
            "database.rds.instanceIdentifier (adopt an existing instance) and"
                + " database.rds.masterSecretRef (its master credentials) go together"),
        argumentSet(
            "rds.masterSecretRef without instanceIdentifier",
            RDS + "    masterSecretRef: {name: legacy-master}",
            "spec.database.rds: Invalid value",
            "go together"),
        argumentSet(
            "rds.instanceIdentifier with two hyphens in a row, which RDS refuses",
            RDS + "    instanceIdentifier: legacy--todo\n    masterSecretRef: {name: m}",
            "spec.database.rds.instanceIdentifier: Invalid value",
            "must not contain two consecutive hyphens"),
        argumentSet(
            "rds.instanceIdentifier starting with a digit",
            RDS + "    instanceIdentifier: 1legacy\n    masterSecretRef: {name: m}",
            "spec.database.rds.instanceIdentifier: Invalid value: \"1legacy\"",
            "should match"),
        argumentSet(
            "rds.skipFinalSnapshot on an instance the operator creates",
            RDS + "    deletionPolicy: Delete\n    skipFinalSnapshot: true",
            "spec.database.rds.skipFinalSnapshot: Invalid value",
            "database.rds.skipFinalSnapshot is allowed only with instanceIdentifier (an adopted"
                + " instance) and deletionPolicy Delete"),
        argumentSet(
            "rds.skipFinalSnapshot on an adopted instance kept by the default Retain",
            RDS
                + "    instanceIdentifier: legacy-todo\n    masterSecretRef: {name: m}\n"
                + "    skipFinalSnapshot: true",
            "spec.database.rds.skipFinalSnapshot: Invalid value",
            "database.rds.skipFinalSnapshot is allowed only with"),
        argumentSet(
            "rds.skipFinalSnapshot with deletionPolicy Snapshot",
            RDS
                + "    instanceIdentifier: legacy-todo\n    masterSecretRef: {name: m}\n"
                + "    deletionPolicy: Snapshot\n    skipFinalSnapshot: false",
            "spec.database.rds.skipFinalSnapshot: Invalid value",
            "database.rds.skipFinalSnapshot is allowed only with"),
        argumentSet(
            "inCluster.deletionPolicy outside Retain, Delete",
            "database:\n  inCluster: {deletionPolicy: Snapshot}",
            "spec.database.inCluster.deletionPolicy: Unsupported value: \"Snapshot\"",
            "supported values: \"Delete\", \"Retain\""),
        argumentSet(
            "database.maxConnections below 10",
            "database: {maxConnections: 9}",
            "spec.database.maxConnections: Invalid value: 9",
            "greater than or equal to 10"),
        argumentSet(
            "more replicas than database.maxConnections can serve",
            // 8 pods and 2 more during a rollout, plus 5 kept free: 15 > 14
            "replicas: 8\ndatabase: {maxConnections: 14}",
            "spec.replicas",
            "needs one of database.maxConnections"),
        // quantities: what fabric8 cannot read, what the API server's own check lets through
        argumentSet(
            "an empty memory limit",
            "resources: {limits: {memory: ''}}",
            "spec.resources.limits.memory: Invalid value: \"\"",
            "should match"),
        argumentSet(
            "a memory limit with an exponent and a suffix",
            "resources: {limits: {memory: 5e3Mi}}",
            "spec.resources.limits.memory: Invalid value: \"5e3Mi\"",
            "should match"),
        argumentSet(
            "a negative CPU request",
            "resources: {requests: {cpu: '-1'}}",
            "spec.resources.requests.cpu: Invalid value: \"-1\"",
            "should match"),
        argumentSet(
            "a memory request with a lowercase binary suffix",
            "resources: {requests: {memory: 256mi}}",
            "spec.resources.requests.memory: Invalid value: \"256mi\"",
            "should match"),
        argumentSet(
            "a resource other than cpu, memory or ephemeral-storage",
            "resources: {limits: {nvidia.com/gpu: 1}}",
            "spec.resources.limits: Invalid value",
            "only cpu, memory and ephemeral-storage can be requested or limited"),
        argumentSet(
            "a memory limit below 64Mi",
            "resources: {limits: {memory: 32Mi}}",
            "spec.resources.limits: Invalid value",
            "memory at least 64Mi"),
        argumentSet(
            "a CPU request of 0",
            "resources: {requests: {cpu: 0}}",
            "spec.resources.requests: Invalid value",
            "cpu must be at least 1m"),
        argumentSet(
            "a memory limit below the memory request",
            "resources: {requests: {memory: 1Gi}, limits: {memory: 512Mi}}",
            "spec.resources.limits: Invalid value",
            "limits must be at least the requests of the same resource"),
        argumentSet(
            "an empty memory limit of PostgreSQL",
            "database: {inCluster: {resources: {limits: {memory: ''}}}}",
            "spec.database.inCluster.resources.limits.memory: Invalid value: \"\"",
            "should match"),
        argumentSet(
            "a CPU limit of PostgreSQL below its request",
            "database: {inCluster: {resources: {requests: {cpu: '2'}, limits: {cpu: 1500m}}}}",
            "spec.database.inCluster.resources.limits: Invalid value",
            "limits must be at least the requests of the same resource"),
        argumentSet(
            "inCluster.storage 0Gi",
            "database: {inCluster: {storage: 0Gi}}",
            "spec.database.inCluster.storage: Invalid value",
            "database.inCluster.storage must be at least 1Gi"),
        argumentSet(
            "inCluster.storage below 1Gi",
            "database: {inCluster: {storage: 500Mi}}",
            "spec.database.inCluster.storage: Invalid value",
            "must be at least 1Gi"),
        // hosts and names
        argumentSet(
            "ingress.host that is an IP address",
            "ingress: {host: '10.0.0.1'}",
            "spec.ingress.host: Invalid value",
            "ingress.host must be a DNS name, not an IP address"),
        argumentSet(
            "ingress.host longer than 253 characters",
            "ingress: {host: " + "a".repeat(60) + (".b" + "c".repeat(58)).repeat(4) + "}",
            "spec.ingress.host: Too long",
            "253"),
        argumentSet(
            "ingress.host with a label longer than 63 characters",
            "ingress: {host: " + "a".repeat(64) + ".example.com}",
            "spec.ingress.host: Invalid value",
            "should match"),
        argumentSet(
            "ingress.host with an empty label",
            "ingress: {host: todo..example.com}",
            "spec.ingress.host: Invalid value: \"todo..example.com\"",
            "should match"),
        argumentSet(
            "ingress.className longer than 253 characters",
            "ingress: {host: todo.example.com, className: " + "a".repeat(254) + "}",
            "spec.ingress.className: Too long",
            "253"),
        argumentSet(
            "ingress.tlsSecretName that is no Secret name",
            "ingress: {host: todo.example.com, tlsSecretName: Todo_TLS}",
            "spec.ingress.tlsSecretName: Invalid value: \"Todo_TLS\"",
            "should match"),
        // exposure outside the cluster
        argumentSet(
            "service.loadBalancerSourceRanges on a ClusterIP Service",
            "service: {loadBalancerSourceRanges: [203.0.113.7/32]}",
            "spec.service.loadBalancerSourceRanges: Forbidden",
            "service.loadBalancerSourceRanges is allowed only with service.type LoadBalancer"),
        argumentSet(
            "service.loadBalancerSourceRanges item that is an address, not a CIDR block",
            "service: {type: LoadBalancer, loadBalancerSourceRanges: [203.0.113.7]}",
            "spec.service.loadBalancerSourceRanges[0]: Invalid value: \"203.0.113.7\"",
            "should match"),
        argumentSet(
            "service.annotations key with a space",
            "service: {annotations: {'load balancer': internal}}",
            "spec.service.annotations: Invalid value",
            "service.annotations: every key must be an annotation key ([prefix/]name)"),
        argumentSet(
            "ingress.annotations key with an empty name",
            "ingress: {host: todo.example.com, annotations: {'alb.ingress.kubernetes.io/': x}}",
            "spec.ingress.annotations: Invalid value",
            "ingress.annotations: every key must be an annotation key ([prefix/]name)"),
        argumentSet(
            "more than 32 service.annotations",
            "service:\n  annotations:\n"
                + IntStream.rangeClosed(1, 33)
                    .mapToObj(i -> "    example.com/a" + i + ": x\n")
                    .collect(Collectors.joining()),
            "spec.service.annotations: Too many",
            "must have at most 32 items"),
        argumentSet(
            "inCluster.storageClassName with an empty label",
            "database: {inCluster: {storageClassName: fast..ssd}}",
            "spec.database.inCluster.storageClassName: Invalid value: \"fast..ssd\"",
            "should match"),
        // image references
        argumentSet(
            "image with an uppercase repository",
            "image: registry.test/Todo:1.0",
            "spec.image: Invalid value: \"registry.test/Todo:1.0\"",
            "should match"),
        argumentSet(
            "image with an empty tag",
            "image: 'registry.test/todo:'",
            "spec.image: Invalid value: \"registry.test/todo:\"",
            "should match"),
        argumentSet(
            "image with a digest too short to be one",
            "image: todo@sha256:abc",
            "spec.image: Invalid value: \"todo@sha256:abc\"",
            "should match"),
        argumentSet(
            "inCluster.image with a scheme",
            "database: {inCluster: {image: 'https://registry.test/postgres:17'}}",
            "spec.database.inCluster.image: Invalid value",
            "should match"),
        argumentSet(
            "external secretRef naming the Secret the operator writes",
            "database:\n  mode: External\n  external: {secretRef: {name: demo-db}}",
            "spec.database.external.secretRef.name",
            "must not be <metadata.name>-db: the operator writes that Secret"));
  }

  @ParameterizedTest
  @MethodSource("invalidSpecs")
  void invalidSpecsAreRejectedWithAMessageNamingTheField(
      String specYaml, String field, String problem, KubernetesClient client) {
    assertRejected(() -> create(client, namespace, "demo", specYaml), field, problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1demo", "demo.v2", "a-name-much-too-long-to-prefix-its-objects"})
  void namesThatCannotPrefixTheOwnedObjectsAreRejected(String name, KubernetesClient client) {
    assertRejected(
        () -> create(client, namespace, name, "{}"),
        "metadata.name must be 1-40 lowercase letters",
        "start with a letter");
  }

  static Stream<Arguments> immutableDatabaseFields() {
    return Stream.of(
        argumentSet(
            "database.mode",
            "{}",
            EXTERNAL + "    secretRef: {name: todo-db-uri}",
            "spec.database.mode: Forbidden",
            "database.mode cannot be changed after creation"),
        argumentSet(
            "database.name",
            "database: {name: todo}",
            "database: {name: tasks}",
            "spec.database.name: Forbidden",
            "database.name cannot be changed after creation"),
        argumentSet(
            "database.inCluster.storage",
            "database: {inCluster: {storage: 1Gi}}",
            "database: {inCluster: {storage: 2Gi}}",
            "spec.database.inCluster.storage: Forbidden",
            "database.inCluster.storage cannot be changed after creation"),
        argumentSet(
            "database.inCluster.storage, first set after creation",
            "{}",
            "database: {inCluster: {storage: 5Gi}}",
            "spec.database.inCluster.storage: Forbidden",
            "database.inCluster.storage cannot be changed after creation"),
        argumentSet(
            "database.inCluster.storageClassName",
            "database: {inCluster: {storageClassName: standard}}",
            "database: {inCluster: {storageClassName: gp3}}",
            "spec.database.inCluster.storageClassName: Forbidden",
            "database.inCluster.storageClassName cannot be changed after creation"),
        argumentSet(
            "database.rds.engineVersion to another major version",
            RDS + "    engineVersion: '16.4'",
            RDS + "    engineVersion: '17'",
            "spec.database.rds.engineVersion: Forbidden",
            "the major version cannot be changed after creation (minor versions can)"),
        argumentSet(
            "database.rds.instanceIdentifier",
            RDS + "    instanceIdentifier: legacy-todo\n    masterSecretRef: {name: m}",
            RDS + "    instanceIdentifier: other-todo\n    masterSecretRef: {name: m}",
            "spec.database.rds.instanceIdentifier: Forbidden",
            "database.rds.instanceIdentifier cannot be set, changed or removed after creation"),
        argumentSet(
            "database.rds.instanceIdentifier, first set after creation",
            RDS + "    {}",
            RDS + "    instanceIdentifier: legacy-todo\n    masterSecretRef: {name: m}",
            "spec.database.rds.instanceIdentifier: Forbidden",
            "cannot be set, changed or removed after creation"),
        argumentSet(
            "database.rds.storageEncrypted",
            RDS + "    storageEncrypted: true",
            RDS + "    storageEncrypted: false",
            "spec.database.rds.storageEncrypted: Forbidden",
            "database.rds.storageEncrypted cannot be changed or removed once set"),
        argumentSet(
            "database.rds.storageEncrypted, removed",
            RDS + "    storageEncrypted: true",
            RDS + "    {}",
            "spec.database.rds.storageEncrypted: Forbidden",
            "database.rds.storageEncrypted cannot be changed or removed once set"),
        argumentSet(
            "database.rds.subnetGroupName",
            RDS + "    subnetGroupName: taskoverflow-db",
            RDS + "    subnetGroupName: other-db",
            "spec.database.rds.subnetGroupName: Forbidden",
            "database.rds.subnetGroupName cannot be changed or removed once set"));
  }

  @Test
  void rdsChangesThatRdsMakesInPlaceAreAccepted(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "rds-updates");
    create(client, ns, "demo", RDS + "    engineVersion: '17.2'");

    GenericKubernetesResource updated =
        replaceSpec(
            client,
            ns,
            "demo",
            RDS
                + "    engineVersion: '17.6'\n    instanceClass: db.t3.small\n"
                + "    allocatedStorage: 50\n    multiAZ: true\n    applyImmediately: true\n"
                + "    subnetGroupName: taskoverflow-db\n    deletionPolicy: Retain");

    assertThat(database(updated).get("rds"))
        .asInstanceOf(MAP)
        .containsEntry("engineVersion", "17.6")
        .containsEntry("subnetGroupName", "taskoverflow-db");
  }

  @ParameterizedTest
  @MethodSource("immutableDatabaseFields")
  void changingAnImmutableDatabaseFieldIsRejected(
      String created, String changed, String field, String problem, KubernetesClient client) {
    String ns = TestNamespaces.create(client, "immutable");
    create(client, ns, "demo", created);

    assertRejected(() -> replaceSpec(client, ns, "demo", changed), field, problem);
  }

  @Test
  void updatesThatKeepTheDatabaseAreAccepted(KubernetesClient client) {
    String ns = TestNamespaces.create(client, "updates");
    create(client, ns, "demo", "{}");

    GenericKubernetesResource updated =
        replaceSpec(
            client,
            ns,
            "demo",
            "replicas: 3\n"
                + "image: registry.test/taskoverflow-todo:2.0\n"
                + "ingress: {host: todo.example.com}\n"
                + "database: {maxConnections: 15, inCluster: {storage: 1Gi, deletionPolicy:"
                + " Delete}}");

    assertThat(spec(updated)).containsEntry("replicas", 3);
    assertThat(spec(updated).get("database"))
        .asInstanceOf(MAP)
        .containsEntry("maxConnections", 15)
        .extractingByKey("inCluster")
        .asInstanceOf(MAP)
        .containsEntry("deletionPolicy", "Delete");
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void emptySpecIsAcceptedAndTheServerAppliesTheDefaults(KubernetesClient client) {
    GenericKubernetesResource created = create(client, namespace, "defaults", "{}");

    assertThat(spec(created))
        .isEqualTo(
            Map.of(
                "replicas", 2,
                "service", Map.of("type", "ClusterIP", "port", 80),
                "database", Map.of("mode", "InCluster", "name", "todo")));
  }

  @Test
  void aResourceWithoutSpecGetsTheDefaultsOfAnEmptySpec(KubernetesClient client) {
    namespacesWithResources.add(namespace);
    GenericKubernetesResource created =
        client
            .genericKubernetesResources(TASK_OVERFLOWS)
            .inNamespace(namespace)
            .resource(
                new GenericKubernetesResourceBuilder()
                    .withApiVersion(TaskOverflowApi.API_VERSION)
                    .withKind(TaskOverflowApi.KIND)
                    .withNewMetadata()
                    .withName("no-spec")
                    .endMetadata()
                    .build())
            .create();

    assertThat(spec(created))
        .isEqualTo(spec(create(client, namespace, "empty-spec", "{}")))
        .containsEntry("replicas", 2);
  }

  @Test
  void everyFormOfQuantityAndImageReferenceKubernetesTakesIsAccepted(KubernetesClient client) {
    String spec =
        "image: localhost:5000/team/todo-app_v2:1.0.0-rc.1\n"
            + "resources:\n"
            + "  requests: {cpu: 2, memory: '1e9', ephemeral-storage: 1Gi}\n"
            + "  limits: {cpu: '2.5', memory: 1.5Gi, ephemeral-storage: 2G}\n"
            + "database:\n"
            + "  inCluster:\n"
            + "    storage: 1.5Gi\n"
            + "    image: registry.example.com:443/library/postgres:17-alpine@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
            + "    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128M}}\n";

    GenericKubernetesResource created = create(client, namespace, "quantities", spec);

    assertThat(spec(created).get("resources"))
        .isEqualTo(YAML.unmarshal(spec, Map.class).get("resources"));
  }

  @Test
  void fullRdsSpecIsAcceptedAsWritten(KubernetesClient client) {
    String full =
        "image: registry.test/taskoverflow-todo:1.0\n"
            + "replicas: 3\n"
            + "resources:\n"
            + "  requests: {cpu: 250m, memory: 384Mi}\n"
            + "  limits: {memory: 768Mi}\n"
            + "service:\n"
            + "  type: LoadBalancer\n"
            + "  port: 8080\n"
            + "  annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: 'true'}\n"
            + "  loadBalancerSourceRanges: [203.0.113.7/32, 2001:db8::/32]\n"
            + "ingress:\n"
            + "  host: todo.example.com\n"
            + "  className: alb\n"
            + "  tlsSecretName: todo-tls\n"
            + "  annotations:\n"
            + "    alb.ingress.kubernetes.io/scheme: internet-facing\n"
            + "    alb.ingress.kubernetes.io/target-type: ip\n"
            + "database:\n"
            + "  mode: RDS\n"
            + "  name: todo_prod\n"
            + "  rds:\n"
            + "    instanceClass: db.m7g.large\n"
            + "    engineVersion: '17.4'\n"
            + "    allocatedStorage: 100\n"
            + "    maxAllocatedStorage: 500\n"
            + "    multiAZ: true\n"
            + "    subnetGroupName: taskoverflow-db\n"
            + "    securityGroupIds: [sg-0123456789abcdef0, sg-12345678]\n"
            + "    storageEncrypted: true\n"
            + "    backupRetentionDays: 7\n"
            + "    deletionPolicy: Retain\n"
            + "    applyImmediately: true\n";

    GenericKubernetesResource created = create(client, namespace, "rds", full);

    assertThat(spec(created)).isEqualTo(YAML.unmarshal(full, Map.class));
  }

  @Test
  void anAdoptedInstanceDeletedWithDeleteMaySkipItsFinalSnapshot(KubernetesClient client) {
    String adopted =
        RDS
            + "    instanceIdentifier: legacy-todo\n    masterSecretRef: {name: m}\n"
            + "    deletionPolicy: Delete\n    skipFinalSnapshot: true\n";

    GenericKubernetesResource created = create(client, namespace, "rds-skip", adopted);

    assertThat(database(created).get("rds"))
        .asInstanceOf(MAP)
        .containsEntry("skipFinalSnapshot", true);
    assertRejected(
        () -> replaceSpec(client, namespace, "rds-skip", adopted.replace("Delete", "Retain")),
        "spec.database.rds.skipFinalSnapshot: Invalid value",
        "deletionPolicy Delete");
  }

  @Test
  void rdsInstanceSettingsLeftOutStayUnset(KubernetesClient client) {
    // The operator fills them in for an instance it creates; an adopted one keeps its own.
    GenericKubernetesResource created = create(client, namespace, "rds-defaults", RDS + "    {}");

    assertThat(database(created).get("rds")).isEqualTo(Map.of("applyImmediately", false));
  }

  @Test
  void maxAllocatedStorageTenPercentAboveAllocatedStorageIsAccepted(KubernetesClient client) {
    GenericKubernetesResource created =
        create(
            client,
            namespace,
            "rds-autoscaling",
            RDS + "    allocatedStorage: 20\n    maxAllocatedStorage: 22");

    assertThat(database(created).get("rds"))
        .asInstanceOf(MAP)
        .containsEntry("maxAllocatedStorage", 22);
  }

  @Test
  void externalSpecIsAcceptedAndTheSecretKeyDefaultsToUri(KubernetesClient client) {
    GenericKubernetesResource created =
        create(client, namespace, "external", EXTERNAL + "    secretRef: {name: todo-db-uri}");

    assertThat(database(created))
        .isEqualTo(
            Map.of(
                "mode",
                "External",
                "name",
                "todo",
                "external",
                Map.of("secretRef", Map.of("name", "todo-db-uri", "key", "uri"))));
  }

  @Test
  void unknownFieldsArePrunedByDefaultAndRejectedUnderStrictFieldValidation(
      KubernetesClient client) {
    String misspelt = "replicas: 1\ncolour: blue\ndatabase: {nmae: tasks}";

    GenericKubernetesResource pruned = create(client, namespace, "pruned", misspelt);

    assertThat(spec(pruned)).doesNotContainKey("colour");
    assertThat(database(pruned)).doesNotContainKey("nmae").containsEntry("name", "todo");
    // kubectl apply asks for strict field validation by default, so a user sees the typo.
    assertThatThrownBy(
            () ->
                resource(client, namespace, "strict", misspelt)
                    .fieldValidation(Validation.STRICT)
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getStatus().getMessage())
                  .contains("unknown field \"spec.colour\"")
                  .contains("unknown field \"spec.database.nmae\"");
            });
  }

  private static void assertRejected(ThrowingCallable call, String field, String problem) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage()).contains(field).contains(problem);
            });
  }

  /**
   * The accepted resources go: an operator watching all namespaces in a later test class would
   * otherwise adopt them (RDS ones included, without AWS settings).
   */
  @AfterAll
  static void deleteAcceptedResources(KubernetesClient client) {
    namespacesWithResources.forEach(ns -> TaskOverflows.deleteAll(client, ns));
  }

  private static GenericKubernetesResource create(
      KubernetesClient client, String ns, String name, String specYaml) {
    namespacesWithResources.add(ns);
    return resource(client, ns, name, specYaml).create();
  }

  private static Resource<GenericKubernetesResource> resource(
      KubernetesClient client, String ns, String name, String specYaml) {
    GenericKubernetesResource resource =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(TaskOverflowApi.API_VERSION)
            .withKind(TaskOverflowApi.KIND)
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .addToAdditionalProperties("spec", YAML.unmarshal(specYaml, Map.class))
            .build();
    return client.genericKubernetesResources(TASK_OVERFLOWS).inNamespace(ns).resource(resource);
  }

  private static GenericKubernetesResource replaceSpec(
      KubernetesClient client, String ns, String name, String specYaml) {
    var taskOverflows = client.genericKubernetesResources(TASK_OVERFLOWS).inNamespace(ns);
    GenericKubernetesResource current = taskOverflows.withName(name).get();
    current.setAdditionalProperty("spec", YAML.unmarshal(specYaml, Map.class));
    return taskOverflows.resource(current).update();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> database(GenericKubernetesResource resource) {
    return (Map<String, Object>) spec(resource).get("database");
  }
}
