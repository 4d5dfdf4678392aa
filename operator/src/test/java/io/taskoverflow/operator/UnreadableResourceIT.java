package io.taskoverflow.operator;

import static io.taskoverflow.operator.testsupport.GenericTaskOverflows.TASK_OVERFLOWS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskoverflow.crd.TaskOverflowApi;
import io.taskoverflow.crd.status.Phase;
import io.taskoverflow.operator.testsupport.Await;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.GenericTaskOverflows;
import io.taskoverflow.operator.testsupport.KstatusCheck;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.PackagedOperator;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import io.taskoverflow.operator.testsupport.Simulated;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resources the API server once accepted stay as they were when the CRD becomes stricter: they are
 * written here under a laxer CRD (the committed one without any schema for spec, as an older or a
 * hand-edited CRD would be), then the committed CRD is installed over it. The packaged operator,
 * run as the chart runs it, reports each one it cannot work from, keeps reconciling the others,
 * restarts normally with them stored, and lets every one be deleted.
 */
@ExtendWith(KubeApiServerExtension.class)
class UnreadableResourceIT {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Duration DELETION = Duration.ofSeconds(60);
  private static final String INSTANCE = "legacy-todo-instance";

  /** name, spec as written under the laxer CRD, the field the report must name. */
  private static final List<List<String>> UNREADABLE =
      List.of(
          List.of(
              "empty-memory", "resources: {limits: {memory: ''}}", "spec.resources.limits.memory"),
          List.of(
              "exponent-memory",
              "database: {inCluster: {resources: {limits: {memory: 5e3Mi}}}}",
              "spec.database.inCluster.resources.limits.memory"),
          List.of("word-replicas", "replicas: two", "spec.replicas"),
          List.of(
              "rds-unreadable",
              "database: {mode: RDS, rds: {allocatedStorage: lots}}",
              "spec.database.rds.allocatedStorage"));

  private static final List<String> namespaces = new ArrayList<>();

  @Test
  void resourcesWrittenUnderALaxerCrdAreReportedNeverStopTheOperatorAndCanBeDeleted(
      KubernetesClient client, SharedKubeApiServer server) throws InterruptedException {
    String ns = namespace(client, "unreadable");
    String other = namespace(client, "unreadable-other");
    installLaxerCrd(client);
    GenericTaskOverflows.awaitServed(client, ns);
    for (List<String> bad : UNREADABLE) {
      create(client, ns, bad.get(0), bad.get(1));
    }
    createWithoutSpec(client, ns, "no-spec");
    // As if its RDS instance had been created while the spec could still be read.
    client
        .genericKubernetesResources(TASK_OVERFLOWS)
        .inNamespace(ns)
        .withName("rds-unreadable")
        .editStatus(
            resource -> {
              resource.setAdditionalProperty(
                  "status", Map.of("database", Map.of("mode", "RDS", "instanceId", INSTANCE)));
              return resource;
            });

    RunningOperator.installCrd(client);
    Eventually.await(
        "the committed CRD's defaults apply to what is stored",
        Duration.ofSeconds(30),
        () -> get(client, ns, "no-spec").getAdditionalProperties().get("spec") != null);
    Map<String, String> env =
        Map.of(
            "TODO_IMAGE", RunningOperator.TODO_IMAGE,
            "POSTGRES_IMAGE", RunningOperator.POSTGRES_IMAGE,
            "WATCH_NAMESPACES", ns + "," + other);

    try (PackagedOperator operator = PackagedOperator.start(env, server.kubeConfigYaml())) {
      for (List<String> bad : UNREADABLE) {
        assertReportedAsInvalidSpec(client, ns, bad.get(0), bad.get(2));
        assertThat(operator.log())
            .contains(ns + "/" + bad.get(0) + " is not reconciled: " + bad.get(2));
      }
      // A missing spec is spec: {} with its defaults: an in-cluster database, as for any other.
      Await.await(client, ns, StatefulSet.class, "no-spec-postgres");
      assertServes(client, other, "created-after");
      assertThat(operator.isAlive()).isTrue();

      assertThat(operator.terminate(Duration.ofSeconds(30))).as("stops on SIGTERM").isTrue();
    }

    try (PackagedOperator restarted = PackagedOperator.start(env, server.kubeConfigYaml())) {
      assertThat(restarted.status("/readyz")).isEqualTo(200);
      assertServes(client, ns, "after-restart");
      assertReportedAsInvalidSpec(client, ns, "word-replicas", "spec.replicas");

      for (String name :
          List.of(
              "empty-memory", "exponent-memory", "word-replicas", "rds-unreadable", "no-spec")) {
        client.genericKubernetesResources(TASK_OVERFLOWS).inNamespace(ns).withName(name).delete();
        Eventually.await(name + " is gone", DELETION, () -> get(client, ns, name) == null);
      }
      assertThat(events(client, ns, "rds-unreadable", "InstanceNotDeleted"))
          .as("an RDS instance that may be left behind is named")
          .anySatisfy(event -> assertThat(event.getMessage()).contains(INSTANCE));
      assertThat(restarted.log()).contains(INSTANCE);
      assertThat(events(client, ns, "empty-memory", "InstanceNotDeleted"))
          .as("a resource whose status names no RDS instance warns of none")
          .isEmpty();
      assertThat(restarted.isAlive()).isTrue();
    }
  }

  @Test
  void anOperatorThatCannotStartEndsItsProcessWithAnErrorCode(
      KubernetesClient client, SharedKubeApiServer server) throws InterruptedException {
    RunningOperator.installCrd(client);
    String ns = namespace(client, "no-rights");
    client
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("bare").endMetadata().build())
        .create();
    String kubeConfig = server.kubeConfigYamlForServiceAccount(ns, "bare");

    try (PackagedOperator operator =
        PackagedOperator.launch(
            Map.of(
                "TODO_IMAGE", RunningOperator.TODO_IMAGE,
                "POSTGRES_IMAGE", RunningOperator.POSTGRES_IMAGE,
                "WATCH_NAMESPACES", ns),
            kubeConfig)) {
      // A ServiceAccount without any Role cannot list TaskOverflows: the informer cannot start.
      OptionalInt exit = operator.awaitExit(Duration.ofSeconds(150));

      assertThat(exit).as("the process ends instead of answering /healthz alone").isPresent();
      assertThat(exit.getAsInt()).isNotZero();
      assertThat(operator.log()).contains("the operator did not start");
    }
  }

  private static void assertReportedAsInvalidSpec(
      KubernetesClient client, String ns, String name, String field) {
    Eventually.await(
        name + " is reported as InvalidSpec",
        Duration.ofSeconds(60),
        () -> "InvalidSpec".equals(readyReason(get(client, ns, name))));
    Map<String, Object> ready = readyCondition(get(client, ns, name));
    assertThat(ready).containsEntry("status", "False");
    assertThat((String) ready.get("message")).startsWith(field + " cannot be read: ");
    assertThat(status(get(client, ns, name))).containsEntry("phase", Phase.Failed.name());
    assertThat(condition(get(client, ns, name), "Stalled"))
        .containsEntry("status", "True")
        .containsEntry("reason", "InvalidSpec");
    assertThat(KstatusCheck.of(get(client, ns, name)))
        .as("kstatus reads an unreadable spec as Failed, Argo CD as Degraded")
        .extracting(KstatusCheck.Result::status, KstatusCheck.Result::argocd)
        .containsExactly("Failed", "Degraded");
    for (Map<String, Object> c : conditions(get(client, ns, name))) {
      KstatusCheck.assertMessageIsForUsers(c.get("type") + "'s message", (String) c.get("message"));
    }
    assertThat(events(client, ns, name, "InvalidSpec"))
        .anySatisfy(event -> assertThat(event.getMessage()).startsWith(field));
  }

  /** A resource created now is reconciled to Ready (the workload controllers simulated). */
  private static void assertServes(KubernetesClient client, String ns, String name) {
    TaskOverflows.create(client, ns, name, "{}");
    Await.await(client, ns, StatefulSet.class, name + "-postgres");
    Simulated.postgresReady(client, ns, name + "-postgres");
    Await.await(client, ns, Deployment.class, name);
    Simulated.deploymentReady(client, ns, name);
    TaskOverflows.awaitPhase(client, ns, name, Phase.Ready);
  }

  /**
   * The committed CRD with no schema for spec and no rules at the root, which would refer to it:
   * what an older CRD lets through.
   */
  private static void installLaxerCrd(KubernetesClient client) {
    CustomResourceDefinition crd;
    try (InputStream yaml = Files.newInputStream(RunningOperator.CRD)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      var root = version.getSchema().getOpenAPIV3Schema();
      root.getProperties()
          .put(
              "spec",
              new JSONSchemaPropsBuilder()
                  .withType("object")
                  .withXKubernetesPreserveUnknownFields(true)
                  .build());
      root.setXKubernetesValidations(null);
    }
    client.resource(crd).forceConflicts().serverSideApply();
    Eventually.await(
        "the laxer CRD is in force",
        Duration.ofSeconds(30),
        () -> {
          var served =
              client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName(TaskOverflowApi.CRD_NAME)
                  .get();
          return served
                  .getSpec()
                  .getVersions()
                  .get(0)
                  .getSchema()
                  .getOpenAPIV3Schema()
                  .getProperties()
                  .get("spec")
                  .getXKubernetesPreserveUnknownFields()
              == Boolean.TRUE;
        });
  }

  private static void create(KubernetesClient client, String ns, String name, String specYaml) {
    Eventually.await(
        name + " is accepted under the laxer CRD",
        Duration.ofSeconds(30),
        () -> {
          try {
            client
                .genericKubernetesResources(TASK_OVERFLOWS)
                .inNamespace(ns)
                .resource(resource(name, YAML.unmarshal(specYaml, Map.class)))
                .create();
            return true;
          } catch (KubernetesClientException e) {
            // The API server takes a moment to validate with the CRD it was just given.
            if (e.getCode() == 422) {
              return false;
            }
            throw e;
          }
        });
  }

  private static void createWithoutSpec(KubernetesClient client, String ns, String name) {
    client
        .genericKubernetesResources(TASK_OVERFLOWS)
        .inNamespace(ns)
        .resource(resource(name, null))
        .create();
    assertThat(get(client, ns, name).getAdditionalProperties()).doesNotContainKey("spec");
  }

  private static GenericKubernetesResource resource(String name, Object spec) {
    GenericKubernetesResourceBuilder builder =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(TaskOverflowApi.API_VERSION)
            .withKind(TaskOverflowApi.KIND)
            .withNewMetadata()
            .withName(name)
            .endMetadata();
    if (spec != null) {
      builder.addToAdditionalProperties("spec", spec);
    }
    return builder.build();
  }

  private static GenericKubernetesResource get(KubernetesClient client, String ns, String name) {
    return client.genericKubernetesResources(TASK_OVERFLOWS).inNamespace(ns).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource resource) {
    Object status = resource == null ? null : resource.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> conditions(GenericKubernetesResource resource) {
    Object conditions = status(resource).get("conditions");
    return conditions == null ? List.of() : (List<Map<String, Object>>) conditions;
  }

  private static Map<String, Object> condition(GenericKubernetesResource resource, String type) {
    return conditions(resource).stream()
        .filter(condition -> type.equals(condition.get("type")))
        .findFirst()
        .orElse(Map.of());
  }

  private static Map<String, Object> readyCondition(GenericKubernetesResource resource) {
    return condition(resource, "Ready");
  }

  private static String readyReason(GenericKubernetesResource resource) {
    return (String) readyCondition(resource).get("reason");
  }

  private static List<Event> events(
      KubernetesClient client, String ns, String name, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(event -> name.equals(event.getInvolvedObject().getName()))
        .filter(event -> reason.equals(event.getReason()))
        .toList();
  }

  private static String namespace(KubernetesClient client, String prefix) {
    String ns = TestNamespaces.create(client, prefix);
    namespaces.add(ns);
    return ns;
  }

  /**
   * Whatever happened, later test classes find the committed CRD and none of these resources (their
   * finalizers dropped by hand should no operator be left to do it).
   */
  @AfterAll
  static void restoreTheCommittedCrdAndDeleteWhatIsLeft(KubernetesClient client) {
    RunningOperator.installCrd(client);
    for (String ns : namespaces) {
      var resources = client.genericKubernetesResources(TASK_OVERFLOWS).inNamespace(ns);
      for (GenericKubernetesResource left : resources.list().getItems()) {
        try {
          resources
              .withName(left.getMetadata().getName())
              .edit(
                  resource -> {
                    resource.getMetadata().setFinalizers(List.of());
                    return resource;
                  });
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
      resources.delete();
    }
  }
}
