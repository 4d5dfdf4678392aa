package io.taskoverflow.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.taskoverflow.operator.testsupport.RequestKey;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RequestCounterTest {

  @Test
  void namesRequestsAsTheApiServerMetricsDo() {
    assertThat(classify("POST", "/apis/taskoverflow.io/v1alpha1/namespaces/a/taskoverflows"))
        .isEqualTo(new RequestKey("POST", "taskoverflows", ""));
    assertThat(classify("GET", "/apis/apps/v1/namespaces/a/statefulsets/x-postgres"))
        .isEqualTo(new RequestKey("GET", "statefulsets", ""));
    assertThat(classify("PATCH", "/apis/apps/v1/namespaces/a/statefulsets/x-postgres/status"))
        .isEqualTo(new RequestKey("PATCH", "statefulsets", "status"));
    assertThat(classify("GET", "/apis/apps/v1/namespaces/a/deployments?resourceVersion=0"))
        .isEqualTo(new RequestKey("LIST", "deployments", ""));
    assertThat(classify("GET", "/api/v1/namespaces/a/secrets?watch=true&resourceVersion=5"))
        .isEqualTo(new RequestKey("WATCH", "secrets", ""));
    assertThat(classify("GET", "/api/v1/namespaces/a"))
        .isEqualTo(new RequestKey("GET", "namespaces", ""));
    assertThat(classify("GET", "/metrics")).isNull();
  }

  @Test
  void serverSideApplyIsCountedAsApply() {
    assertThat(
            RequestCounter.classify(
                request("/api/v1/namespaces/a/services/x?fieldManager=m&force=true")
                    .patch("application/apply-patch+yaml", "{}")
                    .build()))
        .isEqualTo(new RequestKey("APPLY", "services", ""));
    assertThat(
            RequestCounter.classify(
                request("/api/v1/namespaces/a/services/x")
                    .patch("application/json-patch+json", "[]")
                    .build()))
        .isEqualTo(new RequestKey("PATCH", "services", ""));
  }

  private static RequestKey classify(String method, String pathAndQuery) {
    return RequestCounter.classify(
        request(pathAndQuery).method(method, "application/json", "").build());
  }

  private static HttpRequest.Builder request(String pathAndQuery) {
    return new StandardHttpRequest.Builder().uri(URI.create("https://h" + pathAndQuery));
  }
}
