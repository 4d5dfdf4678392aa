package io.taskoverflow.operator.network;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.crd.spec.IngressSpec;
import io.taskoverflow.crd.spec.ServiceSpec.ServiceType;
import io.taskoverflow.operator.app.AppDeploymentDependent;
import io.taskoverflow.operator.app.AppServiceDependent;
import io.taskoverflow.operator.database.DatabaseDestination;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The NetworkPolicy {@code <name>} of the todo pods. In: their port, from the pods of their own
 * namespace and of the namespaces the cluster admin names (an ingress controller's), and from any
 * address where the resource asks to be reached from outside the cluster (a NodePort or
 * LoadBalancer Service, an ALB to the pods' addresses); their metrics port only from the namespaces
 * the cluster admin names for scraping (Prometheus'), else from no one. Out: DNS, and their
 * database only.
 */
public class AppNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, TaskOverflow> {

  public static final String NAME = "app-network-policy";

  /**
   * The instance metadata service (IPv4, and IPv6 on Nitro instances): its credentials must stay
   * out of reach even where the database's port is allowed to any address.
   */
  static final String INSTANCE_METADATA_IPV4 = "169.254.169.254/32";

  static final String INSTANCE_METADATA_IPV6 = "fd00:ec2::254/128";

  private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  /** How the AWS Load Balancer Controller's ALB reaches an Ingress's backends. */
  static final String ALB_TARGET_TYPE = "alb.ingress.kubernetes.io/target-type";

  private final List<String> ingressNamespaces;
  private final List<String> scraperNamespaces;
  private final Function<TaskOverflow, DatabaseProvisioner> provisioners;

  /**
   * @param ingressNamespaces namespaces whose pods may reach every todo service
   * @param scraperNamespaces namespaces whose pods may reach every todo pod's metrics port
   * @param provisioners the provisioner of a resource's mode, which says where its database is
   */
  public AppNetworkPolicyDependent(
      List<String> ingressNamespaces,
      List<String> scraperNamespaces,
      Function<TaskOverflow, DatabaseProvisioner> provisioners) {
    super(NetworkPolicy.class, NAME);
    this.ingressNamespaces = List.copyOf(ingressNamespaces);
    this.scraperNamespaces = List.copyOf(scraperNamespaces);
    this.provisioners = provisioners;
    configureWith(DependentConfig.owned(NetworkPolicy.class, AppDeploymentDependent.SELECTOR));
  }

  @Override
  protected NetworkPolicy desired(TaskOverflow resource, Context<TaskOverflow> context) {
    DatabaseDestination database = provisioners.apply(resource).destination(resource, context);
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(Names.app(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, AppDeploymentDependent.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(resource, AppDeploymentDependent.COMPONENT))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(ingress(resource))
        .withEgress(dns(), toDatabase(database))
        .endSpec()
        .build();
  }

  /** By name, without computing the desired state (which asks where the database is). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.app(resource), resource.getMetadata().getNamespace());
  }

  private List<NetworkPolicyIngressRule> ingress(TaskOverflow resource) {
    List<NetworkPolicyPeer> inCluster = new ArrayList<>();
    // Every pod of the resource's own namespace (an empty selector: all of them).
    inCluster.add(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build());
    if (!ingressNamespaces.isEmpty()) {
      inCluster.add(namespaces(ingressNamespaces));
    }
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    rules.add(
        new NetworkPolicyIngressRuleBuilder()
            .withFrom(inCluster)
            .withPorts(tcp(AppDeploymentDependent.HTTP_PORT))
            .build());
    if (reachedFromOutside(resource)) {
      rules.add(
          new NetworkPolicyIngressRuleBuilder()
              .addNewFrom()
              .withNewIpBlock()
              .withCidr("0.0.0.0/0")
              .endIpBlock()
              .endFrom()
              .addNewFrom()
              .withNewIpBlock()
              .withCidr("::/0")
              .endIpBlock()
              .endFrom()
              .withPorts(tcp(AppDeploymentDependent.HTTP_PORT))
              .build());
    }
    if (!scraperNamespaces.isEmpty()) {
      // A rule of its own: a NodePort, a LoadBalancer or an ALB never opens the metrics port.
      rules.add(
          new NetworkPolicyIngressRuleBuilder()
              .withFrom(namespaces(scraperNamespaces))
              .withPorts(tcp(AppDeploymentDependent.METRICS_PORT))
              .build());
    }
    return rules;
  }

  /**
   * Every pod of these namespaces, named by the label the API server sets to the namespace's name
   * and nobody can change, so a tenant cannot label a namespace of theirs into the rule.
   */
  private static NetworkPolicyPeer namespaces(List<String> names) {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector()
        .addNewMatchExpression()
        .withKey(NAMESPACE_NAME)
        .withOperator("In")
        .withValues(names)
        .endMatchExpression()
        .endNamespaceSelector()
        .build();
  }

  /**
   * Whether the resource asks to be reached from outside the cluster, so that its port is open to
   * any address: a NodePort or LoadBalancer Service, whose clients have addresses no selector names
   * (and kube-proxy may hand them on with a node's address); or an Ingress whose ALB sends straight
   * to the pods' addresses ({@code target-type: ip}), from addresses of the VPC in no namespace. A
   * tenant who may ask for a LoadBalancer gains nothing new by the annotation.
   */
  private static boolean reachedFromOutside(TaskOverflow resource) {
    ServiceType type = AppServiceDependent.spec(resource).type();
    IngressSpec ingress = resource.getSpec().ingress();
    return type == ServiceType.NodePort
        || type == ServiceType.LoadBalancer
        || (ingress != null
            && ingress.annotations() != null
            && "ip".equals(ingress.annotations().get(ALB_TARGET_TYPE)));
  }

  /** Name lookups, wherever the cluster's resolver is (CoreDNS, a node-local cache). */
  private static NetworkPolicyEgressRule dns() {
    return new NetworkPolicyEgressRuleBuilder()
        .withPorts(
            new NetworkPolicyPortBuilder()
                .withProtocol("UDP")
                .withPort(new IntOrString(53))
                .build(),
            tcp(53))
        .build();
  }

  private static NetworkPolicyEgressRule toDatabase(DatabaseDestination database) {
    var rule = new NetworkPolicyEgressRuleBuilder().withPorts(tcp(database.port()));
    if (database instanceof DatabaseDestination.Pods pods) {
      return rule.addNewTo()
          .withNewPodSelector()
          .withMatchLabels(pods.labels())
          .endPodSelector()
          .endTo()
          .build();
    }
    // A server outside the cluster has an address no selector can name; nothing else is allowed,
    // so the instance metadata service (port 80) is out of reach anyway, and the exceptions keep
    // it so should the database's port be one it listens on.
    return rule.addNewTo()
        .withNewIpBlock()
        .withCidr("0.0.0.0/0")
        .withExcept(INSTANCE_METADATA_IPV4)
        .endIpBlock()
        .endTo()
        .addNewTo()
        .withNewIpBlock()
        .withCidr("::/0")
        .withExcept(INSTANCE_METADATA_IPV6)
        .endIpBlock()
        .endTo()
        .build();
  }

  static NetworkPolicyPort tcp(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }
}
