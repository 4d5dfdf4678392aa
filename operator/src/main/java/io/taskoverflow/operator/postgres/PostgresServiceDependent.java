package io.taskoverflow.operator.postgres;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;

/** Headless Service {@code <name>-postgres}: the stable DNS name of the in-cluster PostgreSQL. */
public class PostgresServiceDependent
    extends CRUDKubernetesDependentResource<Service, TaskOverflow> {

  public static final String NAME = "postgres-service";

  public PostgresServiceDependent() {
    super(Service.class, NAME);
    configureWith(DependentConfig.owned(Service.class, PostgresStatefulSetDependent.SELECTOR));
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
}
