package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.NamespaceGrants;
import io.taskoverflow.operator.testsupport.PackagedOperator;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * What a tenant who forges the operator's label costs the operator's heap: the packaged operator,
 * run as the chart's ServiceAccount with the chart's RBAC, idle; then a tenant creates many Secrets
 * labelled as the operator's connection Secrets in its own namespace. Measured (live heap after a
 * full GC, Secret objects) before and after, once without the chart's operator bounds and once with
 * them, each on a fresh API server. Run by {@code scripts/bench-operator.sh --forged-labels};
 * prints markdown, and writes it to {@code --output FILE} as well when given.
 */
public final class ForgedLabelBenchmark {

  private ForgedLabelBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchmarkOptions.parse(args);
    int forged = Integer.parseInt(options.getOrDefault("forged", "5000"));
    int kib = Integer.parseInt(options.getOrDefault("forged-kib", "1"));
    Duration settle =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("settle-seconds", "20")));
    StringBuilder markdown = new StringBuilder();
    markdown.append(
        "| operator bounds | forged Secrets stored | refused | live heap idle | after the forgery"
            + " | difference | Secret objects in the heap |\n");
    markdown.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (boolean bounds : new boolean[] {false, true}) {
      markdown.append(run(bounds, forged, kib, settle));
    }
    markdown.append(
        String.format(
            "%nA tenant with create on Secrets in its own namespace only, %d Secrets of %d KiB"
                + " labelled `app.kubernetes.io/managed-by=taskoverflow-operator,"
                + " app.kubernetes.io/component=database-connection`.%n",
            forged, kib));
    System.out.println();
    System.out.print(markdown);
    if (options.containsKey("output")) {
      Files.writeString(Path.of(options.get("output")), markdown);
    }
    // kube-api-test and fabric8 leave non-daemon threads behind; the servers are stopped already.
    System.exit(0);
  }

  private static String run(boolean bounds, int forged, int kib, Duration settle) throws Exception {
    try (SharedKubeApiServer server = SharedKubeApiServer.startStandalone()) {
      KubernetesClient admin = server.client();
      RunningOperator.installCrd(admin);
      String operatorNamespace = TestNamespaces.create(admin, "taskoverflow-bench");
      ChartOperator chart =
          ChartOperator.render(
              operatorNamespace, Map.of("operatorBounds.enabled", String.valueOf(bounds)));
      chart.apply(admin);
      Map<String, String> env = chart.environment("bench-operator-0");
      String kubeConfig = chart.kubeConfig(server);
      String tenant = tenantNamespace(admin);

      try (PackagedOperator operator = PackagedOperator.start(env, kubeConfig);
          KubernetesClient asTenant = server.clientAsServiceAccount(tenant, "tenant")) {
        Thread.sleep(settle.toMillis());
        HeapHistogram idle = HeapHistogram.of(operator.pid());
        log("bounds %s, idle: %.1f MiB live, %d Secrets", bounds, idle.liveMib(), idle.secrets());
        if (bounds) {
          Eventually.await(
              "the label policy is enforced",
              Duration.ofSeconds(60),
              () ->
                  refused(
                      () -> asTenant.resource(forgedSecret(tenant, "probe", 1)).dryRun().create()));
        }

        AtomicInteger refused = new AtomicInteger();
        IntStream.range(0, forged)
            .parallel()
            .forEach(
                i -> {
                  if (refused(
                      () -> asTenant.resource(forgedSecret(tenant, "forged-" + i, kib)).create())) {
                    refused.incrementAndGet();
                  }
                });
        Thread.sleep(settle.toMillis());
        HeapHistogram after = HeapHistogram.of(operator.pid());
        int stored = admin.secrets().inNamespace(tenant).list().getItems().size();
        log(
            "bounds %s, %d stored, %d refused: %.1f MiB live, %d Secrets",
            bounds, stored, refused.get(), after.liveMib(), after.secrets());
        return String.format(
            "| %s | %d | %d | %.1f MiB | %.1f MiB | %+.1f MiB | %d → %d |%n",
            bounds ? "on" : "off",
            stored,
            refused.get(),
            idle.liveMib(),
            after.liveMib(),
            after.liveMib() - idle.liveMib(),
            idle.secrets(),
            after.secrets());
      }
    }
  }

  /** A namespace whose ServiceAccount "tenant" may create Secrets there, and nothing else. */
  private static String tenantNamespace(KubernetesClient admin) {
    String tenant = TestNamespaces.create(admin, "tenant");
    NamespaceGrants.grant(
        admin,
        tenant,
        "tenant",
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("secrets")
            .withVerbs("create")
            .build());
    return tenant;
  }

  private static Secret forgedSecret(String namespace, String name, int kib) {
    byte[] data = new byte[kib * 1024];
    new Random(name.hashCode()).nextBytes(data);
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels("app.kubernetes.io/managed-by", "taskoverflow-operator")
        .addToLabels("app.kubernetes.io/component", "database-connection")
        .endMetadata()
        .withData(Map.of("blob", Base64.getEncoder().encodeToString(data)))
        .build();
  }

  /** Runs a create; true when the API server refused it (403), false when it was stored. */
  private static boolean refused(Runnable create) {
    try {
      create.run();
      return false;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return true;
      }
      throw e;
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
