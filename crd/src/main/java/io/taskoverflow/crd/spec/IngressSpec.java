package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** An Ingress rule for one host, routing every path to the todo service. */
// The API server refuses an Ingress rule for an IP address; a top-level domain is never numeric.
@ValidationRule(
    value = "!self.host.matches('(^|[.])[0-9]+$')",
    fieldPath = ".host",
    message = "ingress.host must be a DNS name, not an IP address")
@ValidationRule(
    value = "!has(self.annotations) || " + KubernetesNames.ANNOTATION_KEYS_RULE,
    fieldPath = ".annotations",
    message = "ingress.annotations: every key must be an annotation key ([prefix/]name)")
public record IngressSpec(
    @JsonPropertyDescription(
            "Host name the Ingress answers for, e.g. todo.example.com: a DNS name of at most 253"
                + " characters, labels of at most 63; not an IP address.")
        @Required
        @Size(max = KubernetesNames.DNS_SUBDOMAIN_MAX_LENGTH)
        @Pattern(KubernetesNames.DNS_SUBDOMAIN)
        String host,
    @JsonPropertyDescription(
            "IngressClass to use, e.g. nginx or alb. Default: the cluster's default class.")
        @Size(max = KubernetesNames.DNS_SUBDOMAIN_MAX_LENGTH)
        @Pattern(KubernetesNames.DNS_SUBDOMAIN)
        String className,
    @JsonPropertyDescription(
            "Secret with the TLS certificate for the host; without it the Ingress serves plain HTTP.")
        @Size(max = KubernetesNames.DNS_SUBDOMAIN_MAX_LENGTH)
        @Pattern(KubernetesNames.DNS_SUBDOMAIN)
        String tlsSecretName,
    @JsonPropertyDescription(
            "Annotations of the Ingress, read by its controller, e.g. for the AWS Load Balancer"
                + " Controller alb.ingress.kubernetes.io/scheme: internet-facing and"
                + " alb.ingress.kubernetes.io/target-type: ip. The Ingress carries exactly these:"
                + " one removed here is removed from it. The cluster's admins may allow only some"
                + " keys.")
        @Size(max = KubernetesNames.ANNOTATIONS_MAX)
        Map<String, String> annotations) {}
