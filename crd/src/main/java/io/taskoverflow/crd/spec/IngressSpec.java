package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An Ingress rule for one host, routing every path to the todo service. */
public record IngressSpec(
    @JsonPropertyDescription("Host name the Ingress answers for, e.g. todo.example.com.")
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        String host,
    @JsonPropertyDescription(
            "IngressClass to use, e.g. nginx or alb. Default: the cluster's default class.")
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        String className,
    @JsonPropertyDescription(
            "Secret with the TLS certificate for the host; without it the Ingress serves plain HTTP.")
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        String tlsSecretName) {}
