package io.taskoverflow.operator.network;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.app.AppDeploymentDependent;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.postgres.InClusterDatabase;
import io.taskoverflow.operator.postgres.PostgresStatefulSetDependent;

/**
 * The NetworkPolicy {@code <name>-postgres} of the in-cluster PostgreSQL pod: only this
 * TaskOverflow's todo pods reach it, on its port, and it reaches nothing. It answers its clients on
 * their connections and opens none of its own (its probes and the password hook run inside the
 * pod), so every egress is refused: a server taken over cannot reach anything from there.
 */
public class PostgresNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, TaskOverflow> {

  public static final String NAME = "postgres-network-policy";

  public PostgresNetworkPolicyDependent() {
    super(NetworkPolicy.class, NAME);
    configureWith(
        DependentConfig.owned(NetworkPolicy.class, PostgresStatefulSetDependent.SELECTOR));
  }

  @Override
  protected NetworkPolicy desired(TaskOverflow resource, Context<TaskOverflow> context) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(Names.postgres(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, PostgresStatefulSetDependent.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(resource, PostgresStatefulSetDependent.COMPONENT))
        .endPodSelector()
        // Egress named with no rule: nothing goes out.
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(resource, AppDeploymentDependent.COMPONENT))
        .endPodSelector()
        .endFrom()
        .withPorts(AppNetworkPolicyDependent.tcp(InClusterDatabase.PORT))
        .endIngress()
        .endSpec()
        .build();
  }

  /** By name, without computing the desired state. */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.postgres(resource), resource.getMetadata().getNamespace());
  }
}
