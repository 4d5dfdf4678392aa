package io.taskoverflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.NamespaceGrants;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves that the tests talk to a real kube-apiserver: behaviour that only the real server has
 * (server-side apply field ownership, CEL validation of custom resources, RBAC).
 */
@ExtendWith(KubeApiServerExtension.class)
class ApiServerSemanticsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void serverSideApplyRecordsTheFieldManagerAndRefusesAConflictingManager(KubernetesClient client) {
    String namespace = TestNamespaces.create(client, "ssa");

    ConfigMap applied =
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(settings(namespace, "blue"))
            .fieldManager("taskoverflow-operator")
            .serverSideApply();

    assertThat(applied.getData()).containsEntry("color", "blue");
    assertThat(applied.getMetadata().getManagedFields())
        .anySatisfy(
            fields -> {
              assertThat(fields.getManager()).isEqualTo("taskoverflow-operator");
              assertThat(fields.getOperation()).isEqualTo("Apply");
            });
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace(namespace)
                    .resource(settings(namespace, "red"))
                    .fieldManager("someone-else")
                    .serverSideApply())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void celRuleOfACustomResourceDefinitionRejectsAnInvalidObject(KubernetesClient client) {
    String namespace = TestNamespaces.create(client, "cel");
    client.apiextensions().v1().customResourceDefinitions().resource(rangeCrd()).create();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("ranges.test.taskoverflow.io")
        .waitUntilCondition(ApiServerSemanticsIT::established, 60, TimeUnit.SECONDS);
    var ranges =
        client
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup("test.taskoverflow.io")
                    .withVersion("v1")
                    .withKind("Range")
                    .withPlural("ranges")
                    .withNamespaced(true)
                    .build())
            .inNamespace(namespace);

    // Established can come a moment before the server serves the new resource; retry until then.
    Eventually.await(
        "a valid Range is accepted",
        TIMEOUT,
        () -> {
          try {
            ranges.resource(range("ordered", 1, 5)).create();
            return true;
          } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
              return false;
            }
            throw e;
          }
        });
    assertThatThrownBy(() -> ranges.resource(range("backwards", 5, 1)).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("min must not exceed max");
            });
  }

  @Test
  void serviceAccountIsDeniedWithoutRbacAndAllowedOnlyWhatItsRoleGrants(
      SharedKubeApiServer server) {
    KubernetesClient admin = server.client();
    String namespace = TestNamespaces.create(admin, "rbac");
    admin
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .create();

    try (KubernetesClient reader = server.clientAsServiceAccount(namespace, "reader")) {
      assertThatThrownBy(() -> reader.configMaps().inNamespace(namespace).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

      grantConfigMapReading(admin, namespace, "reader");

      Eventually.await(
          "the bound ServiceAccount may list ConfigMaps",
          TIMEOUT,
          () -> {
            try {
              reader.configMaps().inNamespace(namespace).list();
              return true;
            } catch (KubernetesClientException e) {
              return false;
            }
          });
      assertThatThrownBy(() -> reader.secrets().inNamespace(namespace).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  private static ConfigMap settings(String namespace, String color) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("settings")
        .withNamespace(namespace)
        .endMetadata()
        .addToData("color", color)
        .build();
  }

  private static CustomResourceDefinition rangeCrd() {
    JSONSchemaProps integer = new JSONSchemaPropsBuilder().withType("integer").build();
    JSONSchemaProps spec =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties("min", integer)
            .addToProperties("max", integer)
            .withXKubernetesValidations(
                new ValidationRuleBuilder()
                    .withRule("self.min <= self.max")
                    .withMessage("min must not exceed max")
                    .build())
            .build();
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("ranges.test.taskoverflow.io")
        .endMetadata()
        .withNewSpec()
        .withGroup("test.taskoverflow.io")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Range")
        .withPlural("ranges")
        .withSingular("range")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .addToProperties("spec", spec)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        // A status can come before its first condition.
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static GenericKubernetesResource range(String name, int min, int max) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("test.taskoverflow.io/v1")
        .withKind("Range")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("min", min, "max", max))
        .build();
  }

  private static void grantConfigMapReading(
      KubernetesClient admin, String namespace, String serviceAccount) {
    NamespaceGrants.grant(
        admin,
        namespace,
        serviceAccount,
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("configmaps")
            .withVerbs("get", "list")
            .build());
  }
}
