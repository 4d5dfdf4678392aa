package io.taskoverflow.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.InClusterDatabase;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;

/** Headless Service {@code <name>-postgres}: the stable DNS name of the in-cluster PostgreSQL. */
@KubernetesDependent(informer = @Informer(labelSelector = PostgresStatefulSetDependent.SELECTOR))
public class PostgresServiceDependent
    extends CRUDKubernetesDependentResource<Service, TaskOverflow> {

  public PostgresServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(TaskOverflow resource, Context<TaskOverflow> context) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(Names.postgres(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, PostgresStatefulSetDependent.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        // The name resolves as soon as a restarted pod has its address, not a readiness period
        // later: the app's reconnect attempts reach PostgreSQL the moment it accepts connections.
        .withPublishNotReadyAddresses(true)
        .withSelector(Labels.selector(resource, PostgresStatefulSetDependent.COMPONENT))
        .addNewPort()
        .withName("postgres")
        .withPort(InClusterDatabase.PORT)
        .withTargetPort(new IntOrString("postgres"))
        .endPort()
        .endSpec()
        .build();
  }

  /** By name, without computing the desired state (also asked for resources of other modes). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.postgres(resource), resource.getMetadata().getNamespace());
  }
}
