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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Service {@code <name>} in front of the todo service pods, with the spec's annotations and
 * source ranges. Applied server-side, so what other controllers add to it (a cloud controller's
 * finalizer, a load balancer controller's annotations, the status with the load balancer's address)
 * is theirs and left alone; an annotation the spec drops is removed, as the operator alone set it.
 */
public class AppServiceDependent extends CRUDKubernetesDependentResource<Service, TaskOverflow> {

  public static final String NAME = "app-service";

  public AppServiceDependent() {
    super(Service.class, NAME);
    configureWith(DependentConfig.owned(Service.class, AppDeploymentDependent.SELECTOR));
  }

  @Override
  protected Service desired(TaskOverflow resource, Context<TaskOverflow> context) {
    ServiceSpec service = spec(resource);
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(Names.app(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, AppDeploymentDependent.COMPONENT))
        // A map even when empty: JOSDK adds an annotation of its own.
        .withAnnotations(Objects.requireNonNullElse(service.annotations(), Map.of()))
        .endMetadata()
        .withNewSpec()
        .withType(service.type().name())
        .withSelector(Labels.selector(resource, AppDeploymentDependent.COMPONENT))
        .addNewPort()
        .withName("http")
        .withPort(service.port())
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .withLoadBalancerSourceRanges(service.loadBalancerSourceRanges())
        .endSpec()
        .build();
  }

  /** The spec's Service, or a ClusterIP on port 80 where it names none. */
  public static ServiceSpec spec(TaskOverflow resource) {
    return Objects.requireNonNullElseGet(
        resource.getSpec().service(),
        () -> new ServiceSpec(ServiceSpec.ServiceType.ClusterIP, 80, null, null));
  }

  /** The Service as last observed, status included (where a cloud writes its load balancer). */
  public static Optional<Service> observed(Context<TaskOverflow> context) {
    return context.getSecondaryResource(Service.class, NAME);
  }
}
