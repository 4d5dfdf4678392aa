package io.taskoverflow.crd.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The Kubernetes Service in front of the todo service pods. */
public record ServiceSpec(
    @JsonPropertyDescription("Service type: ClusterIP, NodePort or LoadBalancer.")
        @Default("ClusterIP")
        ServiceType type,
    @JsonPropertyDescription("Port the Service listens on; it forwards to the container's 6400.")
        @Default("80")
        @Min(1)
        @Max(65535)
        Integer port) {

  /** Kubernetes Service types the operator supports. */
  public enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer
  }
}
