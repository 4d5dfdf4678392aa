package io.taskoverflow.operator.app;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.IngressSpec;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The optional Ingress: every path of one host to the todo Service, with the spec's annotations
 * (which its controller reads). As for the Service, what other controllers add to it is left alone
 * and an annotation the spec drops is removed.
 */
public class AppIngressDependent extends CRUDKubernetesDependentResource<Ingress, TaskOverflow> {

  public static final String NAME = "ingress";

  public AppIngressDependent() {
    super(Ingress.class, NAME);
    configureWith(DependentConfig.owned(Ingress.class, AppDeploymentDependent.SELECTOR));
  }

  @Override
  protected Ingress desired(TaskOverflow resource, Context<TaskOverflow> context) {
    IngressSpec ingress = resource.getSpec().ingress();
    // No TLS section at all without a certificate: an empty list would never match what is stored.
    List<IngressTLS> tls =
        ingress.tlsSecretName() == null
            ? null
            : List.of(
                new IngressTLSBuilder()
                    .withHosts(ingress.host())
                    .withSecretName(ingress.tlsSecretName())
                    .build());
    return new IngressBuilder()
        .withNewMetadata()
        .withName(Names.app(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, AppDeploymentDependent.COMPONENT))
        // A map even when empty: JOSDK adds an annotation of its own.
        .withAnnotations(Objects.requireNonNullElse(ingress.annotations(), Map.of()))
        .endMetadata()
        .withNewSpec()
        .withIngressClassName(ingress.className())
        .withTls(tls)
        .addNewRule()
        .withHost(ingress.host())
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(Names.app(resource))
        .withNewPort()
        .withName("http")
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  /** By name: the desired state cannot be computed once the spec no longer asks for an Ingress. */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.app(resource), resource.getMetadata().getNamespace());
  }
}
