package io.taskoverflow.crd.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The todo service Deployment as last observed. */
public record AppStatus(
    @JsonPropertyDescription("Desired replicas.") Integer replicas,
    @JsonPropertyDescription("Replicas that pass their readiness probe.") Integer readyReplicas,
    @JsonPropertyDescription(
            "Where the todo service answers: the Ingress URL; else, for a Service of type"
                + " LoadBalancer, the load balancer's address once the cloud reports one; else the"
                + " Service's in-cluster URL.")
        String url) {}
