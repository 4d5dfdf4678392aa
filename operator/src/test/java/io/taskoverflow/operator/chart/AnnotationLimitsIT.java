package io.taskoverflow.operator.chart;

import static io.taskoverflow.operator.chart.TenantLimitsPolicy.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.chart.TenantLimitsPolicy.Limits;
import io.taskoverflow.operator.testsupport.Examples;
import io.taskoverflow.operator.testsupport.GenericTaskOverflows;
import io.taskoverflow.operator.testsupport.KubeApiServerExtension;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's annotation allowlist enforced by a real API server: the ValidatingAdmissionPolicy and
 * binding as the chart renders them with its default lists, against the committed CRD.
 */
@ExtendWith(KubeApiServerExtension.class)
class AnnotationLimitsIT {

  private static final String ALLOWED_INGRESS =
      "alb.ingress.kubernetes.io/scheme, alb.ingress.kubernetes.io/target-type,"
          + " alb.ingress.kubernetes.io/certificate-arn, alb.ingress.kubernetes.io/listen-ports,"
          + " alb.ingress.kubernetes.io/ssl-redirect, alb.ingress.kubernetes.io/healthcheck-path,"
          + " alb.ingress.kubernetes.io/inbound-cidrs, cert-manager.io/cluster-issuer";

  private static String team;
  private static String exempt;
  private static String unwatched;
  private static TenantLimitsPolicy policy;

  @BeforeAll
  static void applyTheChartsPolicy(KubernetesClient admin) {
    TenantLimitsPolicy.Namespaces namespaces =
        TenantLimitsPolicy.Namespaces.create(admin, "annotations");
    team = namespaces.team();
    exempt = namespaces.exempt();
    unwatched = namespaces.unwatched();
    policy =
        TenantLimitsPolicy.apply(
            admin,
            Limits.ANNOTATIONS,
            "allowlist",
            Map.of(
                "watchNamespaces[0]", team,
                "watchNamespaces[1]", exempt,
                "tenantLimits.annotations.exemptNamespaces[0]", exempt),
            team);
  }

  /** Nothing stays for an operator of a later test class to act on. */
  @AfterAll
  static void removeThePolicyAndTheResources(KubernetesClient admin) {
    if (policy != null) {
      policy.close();
    }
    for (String namespace : new String[] {team, exempt, unwatched}) {
      TaskOverflows.deleteAll(admin, namespace);
    }
  }

  static Stream<Arguments> notAllowed() {
    return Stream.of(
        Arguments.of(
            ingress("nginx.ingress.kubernetes.io/server-snippet: 'return 302 https://x/;'"),
            "spec.ingress.annotations: nginx.ingress.kubernetes.io/server-snippet is not allowed"
                + " (allowed: "
                + ALLOWED_INGRESS
                + ")"),
        Arguments.of(
            ingress("nginx.ingress.kubernetes.io/configuration-snippet: 'more_set_headers x;'"),
            "spec.ingress.annotations: nginx.ingress.kubernetes.io/configuration-snippet is not"
                + " allowed"),
        Arguments.of(
            ingress("alb.ingress.kubernetes.io/group.name: other-team"),
            "spec.ingress.annotations: alb.ingress.kubernetes.io/group.name is not allowed"),
        Arguments.of(
            service(
                "service.beta.kubernetes.io/aws-load-balancer-security-groups:"
                    + " sg-0123456789abcdef0"),
            "spec.service.annotations:"
                + " service.beta.kubernetes.io/aws-load-balancer-security-groups is not allowed"
                + " (allowed: service.beta.kubernetes.io/aws-load-balancer-type,"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("notAllowed")
  void anAnnotationNotListedIsRefusedWithTheFieldAndTheKeyNamed(
      String spec, String message, KubernetesClient admin) {
    String name = uniqueName();

    assertRefused(() -> TaskOverflows.create(admin, team, name, spec), message);

    assertThat(TaskOverflows.of(admin, team, name).get()).as("nothing is stored").isNull();
  }

  @Test
  void everyFieldWithAKeyNotListedIsNamedInOneRefusal(KubernetesClient admin) {
    String both =
        "service:\n  type: LoadBalancer\n  annotations:\n"
            + "    service.beta.kubernetes.io/aws-load-balancer-subnets: subnet-1\n"
            + "ingress:\n  host: todo.example.com\n  annotations:\n"
            + "    alb.ingress.kubernetes.io/scheme: internet-facing\n"
            + "    nginx.ingress.kubernetes.io/server-snippet: x\n"
            + "    nginx.ingress.kubernetes.io/auth-snippet: y\n";

    assertRefused(
        () -> TaskOverflows.create(admin, team, uniqueName(), both),
        "spec.ingress.annotations: ",
        "nginx.ingress.kubernetes.io/server-snippet",
        "nginx.ingress.kubernetes.io/auth-snippet",
        " are not allowed (allowed: ",
        "spec.service.annotations: service.beta.kubernetes.io/aws-load-balancer-subnets is not"
            + " allowed");
  }

  @Test
  void theListedKeysAndNoAnnotationsAtAllAreAccepted(KubernetesClient admin) {
    String alb =
        ingress(
            "alb.ingress.kubernetes.io/scheme: internet-facing",
            "alb.ingress.kubernetes.io/target-type: ip",
            "alb.ingress.kubernetes.io/listen-ports: '[{\"HTTPS\": 443}]'",
            "alb.ingress.kubernetes.io/certificate-arn:"
                + " arn:aws:acm:us-east-1:123456789012:certificate/abc",
            "cert-manager.io/cluster-issuer: letsencrypt");
    String classicLoadBalancer =
        service(
            "service.beta.kubernetes.io/aws-load-balancer-internal: 'false'",
            "service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout: '120'");
    String none = "service: {type: LoadBalancer}\ningress: {host: todo.example.com}\n";

    for (String spec : List.of(alb, classicLoadBalancer, none)) {
      String name = uniqueName();
      TaskOverflows.create(admin, team, name, spec);
      assertThat(TaskOverflows.of(admin, team, name).get()).as(spec).isNotNull();
    }
  }

  @Test
  void theExamplesAlternativesAreWithinTheDefaultList(KubernetesClient admin) {
    Path rds = Examples.DIRECTORY.resolve("taskoverflow-rds.yaml");

    for (String alternative : List.of("ingress", "service")) {
      GenericKubernetesResource example = Examples.withAlternative(rds, alternative);
      assertThat(
              admin
                  .genericKubernetesResources(GenericTaskOverflows.TASK_OVERFLOWS)
                  .inNamespace(team)
                  .resource(example)
                  .dryRun()
                  .create())
          .as("the RDS example with its %s", alternative)
          .isNotNull();
    }
  }

  /**
   * An annotation set before the list left it out (here: made where no policy applied, then bound):
   * the resource stays editable, finalizers included, and deletable with it; changing its value or
   * adding another one not listed is refused.
   */
  @Test
  void anUpdateMayKeepAnAnnotationItHadButNotChangeOrAddOne(KubernetesClient admin) {
    String legacy = TestNamespaces.create(admin, "annotations-legacy");
    String kept = ingress("nginx.ingress.kubernetes.io/proxy-body-size: 8m");
    TaskOverflows.create(admin, legacy, "old", kept);

    try (TenantLimitsPolicy narrowed =
        TenantLimitsPolicy.apply(
            admin, Limits.ANNOTATIONS, "legacy", Map.of("watchNamespaces[0]", legacy), legacy)) {
      TaskOverflow scaled = TaskOverflows.replaceSpec(admin, legacy, "old", "replicas: 3\n" + kept);
      assertThat(scaled.getSpec().replicas()).isEqualTo(3);
      TaskOverflows.of(admin, legacy, "old")
          .edit(
              resource -> {
                resource.getMetadata().getFinalizers().add("taskoverflow.io/test");
                return resource;
              });

      assertRefused(
          () ->
              TaskOverflows.replaceSpec(
                  admin, legacy, "old", ingress("nginx.ingress.kubernetes.io/proxy-body-size: 1g")),
          "spec.ingress.annotations: nginx.ingress.kubernetes.io/proxy-body-size is not allowed");
      assertRefused(
          () ->
              TaskOverflows.replaceSpec(
                  admin,
                  legacy,
                  "old",
                  ingress(
                      "nginx.ingress.kubernetes.io/proxy-body-size: 8m",
                      "nginx.ingress.kubernetes.io/server-snippet: x")),
          "spec.ingress.annotations: nginx.ingress.kubernetes.io/server-snippet is not allowed");
      assertRefused(
          () -> TaskOverflows.create(admin, legacy, "new", kept),
          "spec.ingress.annotations: nginx.ingress.kubernetes.io/proxy-body-size is not allowed");

      TaskOverflows.of(admin, legacy, "old").delete();
      TaskOverflows.of(admin, legacy, "old")
          .edit(
              resource -> {
                resource.getMetadata().getFinalizers().remove("taskoverflow.io/test");
                return resource;
              });
      TaskOverflows.deleteAll(admin, legacy);
    }
  }

  @Test
  void exemptAndUnwatchedNamespacesAreNotLimited(KubernetesClient admin) {
    String snippet = ingress("nginx.ingress.kubernetes.io/server-snippet: x");

    for (String namespace : List.of(exempt, unwatched)) {
      TaskOverflows.create(admin, namespace, "free", snippet);
      assertThat(TaskOverflows.of(admin, namespace, "free").get()).as(namespace).isNotNull();
    }
  }

  private static String ingress(String... annotations) {
    return "ingress:\n  host: todo.example.com\n  annotations:\n"
        + String.join("\n", annotations).indent(4);
  }

  private static String service(String... annotations) {
    return "service:\n  type: LoadBalancer\n  annotations:\n"
        + String.join("\n", annotations).indent(4);
  }

  private static String uniqueName() {
    return "web-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
