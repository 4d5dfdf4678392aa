package io.taskoverflow.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fields that expose the todo service outside the cluster, as the committed CRD has them: the
 * annotations of the Service and the Ingress (string to string, bounded, keys checked) and the load
 * balancer's source ranges (CIDR blocks, only with type LoadBalancer).
 */
class CrdExposureFieldsTest {

  private static JSONSchemaProps service;
  private static JSONSchemaProps ingress;

  @BeforeAll
  static void load() {
    JSONSchemaProps spec = CommittedCrd.spec();
    service = spec.getProperties().get("service");
    ingress = spec.getProperties().get("ingress");
  }

  @Test
  void annotationsAreBoundedMapsOfStringsWhoseKeysAreChecked() {
    for (JSONSchemaProps owner : new JSONSchemaProps[] {service, ingress}) {
      JSONSchemaProps annotations = owner.getProperties().get("annotations");
      assertThat(annotations.getType()).isEqualTo("object");
      assertThat(annotations.getAdditionalProperties().getSchema().getType()).isEqualTo("string");
      assertThat(annotations.getMaxProperties()).isEqualTo(32L);
      assertThat(rule(owner, ".annotations").getRule())
          .startsWith("!has(self.annotations) || self.annotations.all(key, key.matches(");
    }
    assertThat(rule(ingress, ".annotations").getMessage())
        .startsWith("ingress.annotations: every key");
    assertThat(rule(service, ".annotations").getMessage())
        .startsWith("service.annotations: every key");
  }

  @Test
  void sourceRangesAreCidrBlocksAllowedOnlyForALoadBalancer() {
    JSONSchemaProps ranges = service.getProperties().get("loadBalancerSourceRanges");
    assertThat(ranges.getType()).isEqualTo("array");
    assertThat(ranges.getMaxItems()).isEqualTo(50L);
    assertThat(ranges.getItems().getSchema().getPattern()).isNotBlank();

    ValidationRule onlyLoadBalancer = rule(service, ".loadBalancerSourceRanges");
    assertThat(onlyLoadBalancer.getMessage())
        .isEqualTo(
            "service.loadBalancerSourceRanges is allowed only with service.type LoadBalancer");
    assertThat(onlyLoadBalancer.getReason()).isEqualTo("FieldValueForbidden");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "203.0.113.7/32",
        "0.0.0.0/0",
        "10.0.0.0/8",
        "192.168.100.0/24",
        "2001:db8::/32",
        "::/0",
        "fd00:ec2::254/128"
      })
  void cidrBlocksMatch(String cidr) {
    assertThat(cidr().matcher(cidr).matches()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "203.0.113.7",
        "256.0.0.1/32",
        "10.0.0.0/33",
        "10.0.0/8",
        "01.2.3.4/32",
        "example.com/32",
        "2001:db8::/129",
        " 10.0.0.0/8",
        ""
      })
  void whatIsNoCidrBlockDoesNotMatch(String notACidr) {
    assertThat(cidr().matcher(notACidr).matches()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alb.ingress.kubernetes.io/scheme",
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        "cert-manager.io/cluster-issuer",
        "team",
        "example.com/Team_Name.v2"
      })
  void annotationKeysMatch(String key) {
    assertThat(Pattern.compile(annotationKeyPattern()).matcher(key).matches()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/scheme",
        "alb.ingress.kubernetes.io/",
        "a/b/c",
        "Alb.io/scheme",
        "alb.ingress.kubernetes.io/-scheme",
        "has space",
        "x/nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
      })
  void whatIsNoAnnotationKeyDoesNotMatch(String notAKey) {
    assertThat(Pattern.compile(annotationKeyPattern()).matcher(notAKey).matches()).isFalse();
  }

  private static Pattern cidr() {
    return Pattern.compile(
        service
            .getProperties()
            .get("loadBalancerSourceRanges")
            .getItems()
            .getSchema()
            .getPattern());
  }

  /** The regular expression inside the CEL rule on the keys: {@code key.matches('...')}. */
  private static String annotationKeyPattern() {
    String rule = rule(service, ".annotations").getRule();
    int start = rule.indexOf("key.matches('") + "key.matches('".length();
    return rule.substring(start, rule.indexOf("')", start));
  }

  private static ValidationRule rule(JSONSchemaProps schema, String fieldPath) {
    return schema.getXKubernetesValidations().stream()
        .filter(rule -> fieldPath.equals(rule.getFieldPath()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule on " + fieldPath));
  }
}
