package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** The Kubernetes Service in front of the todo service pods. */
// Source ranges are a load balancer's firewall; on any other type Kubernetes ignores them.
@ValidationRule(
    value = "!has(self.loadBalancerSourceRanges) || has(self.type) && self.type == 'LoadBalancer'",
    fieldPath = ".loadBalancerSourceRanges",
    reason = "FieldValueForbidden",
    message = "service.loadBalancerSourceRanges is allowed only with service.type LoadBalancer")
@ValidationRule(
    value = "!has(self.annotations) || " + KubernetesNames.ANNOTATION_KEYS_RULE,
    fieldPath = ".annotations",
    message = "service.annotations: every key must be an annotation key ([prefix/]name)")
public record ServiceSpec(
    @JsonPropertyDescription(
            "Service type: ClusterIP (in-cluster only), NodePort, or LoadBalancer (the cloud makes"
                + " a load balancer with an address outside the cluster; on EKS without the AWS"
                + " Load Balancer Controller a Classic Load Balancer).")
        @Default("ClusterIP")
        ServiceType type,
    @JsonPropertyDescription("Port the Service listens on; it forwards to the container's 6400.")
        @Default("80")
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription(
            "Annotations of the Service, read by whatever makes its load balancer, e.g."
                + " service.beta.kubernetes.io/aws-load-balancer-internal: \"true\" on EKS. The"
                + " Service carries exactly these: one removed here is removed from it. The"
                + " cluster's admins may allow only some keys.")
        @Size(max = KubernetesNames.ANNOTATIONS_MAX)
        Map<String, String> annotations,
    @JsonPropertyDescription(
            "Only with type LoadBalancer: the client addresses the load balancer admits, as CIDR"
                + " blocks, e.g. [203.0.113.7/32] for one address (on EKS the load balancer's"
                + " security group admits these only). Unset: every address.")
        @Size(max = 50)
        List<@Pattern(KubernetesNames.CIDR) String> loadBalancerSourceRanges) {

  /** Kubernetes Service types the operator supports. */
  public enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer
  }
}
