package io.taskoverflow.operator.app;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.ServiceSpec;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import java.util.Objects;

/** The Service {@code <name>} in front of the todo service pods. */
public class AppServiceDependent extends CRUDKubernetesDependentResource<Service, TaskOverflow> {

  public static final String NAME = "app-service";

  public AppServiceDependent() {
    super(Service.class, NAME);
    configureWith(DependentConfig.owned(Service.class, AppDeploymentDependent.SELECTOR));
  }

  @Override
  protected Service desired(TaskOverflow resource, Context<TaskOverflow> context) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(Names.app(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, AppDeploymentDependent.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withType(spec(resource).type().name())
        .withSelector(Labels.selector(resource, AppDeploymentDependent.COMPONENT))
        .addNewPort()
        .withName("http")
        .withPort(spec(resource).port())
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .build();
  }

  /** The spec's Service, or a ClusterIP on port 80 where it names none. */
  public static ServiceSpec spec(TaskOverflow resource) {
    return Objects.requireNonNullElseGet(
        resource.getSpec().service(),
        () -> new ServiceSpec(ServiceSpec.ServiceType.ClusterIP, 80, null, null));
  }
}
