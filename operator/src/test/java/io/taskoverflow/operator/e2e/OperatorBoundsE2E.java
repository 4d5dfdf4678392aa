package io.taskoverflow.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart's operator bounds on a real cluster: a tenant with the built-in {@code edit} role (as
 * kube-controller-manager aggregates it) cannot put the operator's label on its objects. That the
 * workload controllers may still make the operator's pods from its templates, every scenario that
 * reaches Ready shows.
 */
@ExtendWith(KindCluster.class)
class OperatorBoundsE2E {

  private static final String LABEL = "app.kubernetes.io/managed-by";
  private static final String OPERATOR = "taskoverflow-operator";

  @RegisterExtension static final Namespaces namespaces = new Namespaces();

  @Test
  void aTenantWithTheEditRoleCannotForgeTheOperatorsLabel(KubernetesClient admin) {
    String namespace = namespaces.restricted(admin, "e2e-bounds");
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("tenant-edit")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "edit")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("tenant")
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();

    try (KubernetesClient tenant = asServiceAccount(admin, namespace, "tenant")) {
      tenant
          .secrets()
          .inNamespace(namespace)
          .resource(secret("allowed", "Helm"))
          .create(); // the edit role at work, with another value of the label
      assertThatThrownBy(
              () ->
                  tenant
                      .secrets()
                      .inNamespace(namespace)
                      .resource(secret("forged", OPERATOR))
                      .create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage())
                    .contains(
                        LABEL + "=" + OPERATOR + " is reserved for the TaskOverflow operator");
              });
    }
    assertThat(admin.secrets().inNamespace(namespace).withName("forged").get()).isNull();

    KindCluster.note("operator bounds: a tenant's forged label refused (403)");
  }

  private static KubernetesClient asServiceAccount(
      KubernetesClient admin, String namespace, String name) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + name)
                .withImpersonateGroups(
                    "system:serviceaccounts",
                    "system:serviceaccounts:" + namespace,
                    "system:authenticated")
                .build())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(String name, String managedBy) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(LABEL, managedBy)
        .endMetadata()
        .addToStringData("note", "hello")
        .build();
  }
}
