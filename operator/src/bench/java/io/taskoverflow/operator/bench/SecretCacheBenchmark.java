package io.taskoverflow.operator.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.ApiServerRequests;
import io.taskoverflow.operator.testsupport.Eventually;
import io.taskoverflow.operator.testsupport.PackagedOperator;
import io.taskoverflow.operator.testsupport.RequestKey;
import io.taskoverflow.operator.testsupport.RunningOperator;
import io.taskoverflow.operator.testsupport.Secrets;
import io.taskoverflow.operator.testsupport.SharedKubeApiServer;
import io.taskoverflow.operator.testsupport.TaskOverflows;
import io.taskoverflow.operator.testsupport.TestNamespaces;
import io.taskoverflow.operator.testsupport.UserSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * How much of the cluster's Secrets the operator keeps in memory: the packaged operator with a few
 * External TaskOverflows, each naming a Secret of its own, measured (live heap after a full GC,
 * Secret objects) before and after many unrelated Secrets appear in other namespaces; then the
 * Secret requests it sends in a quiet minute. Run by {@code scripts/bench-operator.sh
 * --secret-cache}; prints markdown, and writes it to {@code --output FILE} as well when given.
 */
public final class SecretCacheBenchmark {

  private static final Duration QUIET_WINDOW = Duration.ofSeconds(60);

  private SecretCacheBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchmarkOptions.parse(args);
    int unrelated = Integer.parseInt(options.getOrDefault("secrets", "1000"));
    int kib = Integer.parseInt(options.getOrDefault("secret-kib", "4"));
    int referencing = Integer.parseInt(options.getOrDefault("referencing", "20"));
    Duration settle =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("settle-seconds", "20")));
    String markdown;
    try (SharedKubeApiServer server = SharedKubeApiServer.startStandalone()) {
      KubernetesClient admin = server.client();
      RunningOperator.installCrd(admin);
      Map<String, String> env =
          Map.of(
              "TODO_IMAGE",
              RunningOperator.TODO_IMAGE,
              "POSTGRES_IMAGE",
              RunningOperator.POSTGRES_IMAGE);
      try (PackagedOperator operator = PackagedOperator.start(env, server.kubeConfigYaml())) {
        String tenants = TestNamespaces.create(admin, "tenants");
        createReferencing(admin, tenants, referencing);
        Thread.sleep(settle.toMillis());
        HeapHistogram before = HeapHistogram.of(operator.pid());
        log(
            "%d referencing resources: %.1f MiB live, %d Secrets",
            referencing, before.liveMib(), before.secrets());

        createUnrelated(admin, unrelated, kib);
        Thread.sleep(settle.toMillis());
        HeapHistogram after = HeapHistogram.of(operator.pid());
        log(
            "+%d unrelated Secrets: %.1f MiB live, %d Secrets",
            unrelated, after.liveMib(), after.secrets());

        Map<RequestKey, Long> requestsBefore = ApiServerRequests.read(admin);
        Thread.sleep(QUIET_WINDOW.toMillis());
        Map<RequestKey, Long> quiet =
            ApiServerRequests.delta(requestsBefore, ApiServerRequests.read(admin));
        markdown = report(unrelated, kib, referencing, before, after, quiet);
      }
    }
    System.out.println();
    System.out.print(markdown);
    if (options.containsKey("output")) {
      Files.writeString(Path.of(options.get("output")), markdown);
    }
    // kube-api-test and fabric8 leave non-daemon threads behind; the servers are stopped already.
    System.exit(0);
  }

  /** External TaskOverflows, each naming its own Secret; waits until each was read. */
  private static void createReferencing(KubernetesClient client, String ns, int count) {
    for (int i = 0; i < count; i++) {
      UserSecrets.databaseUri(
          client, ns, "db-" + i, "postgresql://app:pw@db-" + i + ".example.com/todo");
      TaskOverflows.create(
          client,
          ns,
          "app-" + i,
          "database: {mode: External, external: {secretRef: {name: db-" + i + "}}}\n");
    }
    for (int i = 0; i < count; i++) {
      String name = "app-" + i + "-db";
      String host = "db-" + i + ".example.com";
      Eventually.await(
          name + " holds the host of its user's Secret",
          Duration.ofSeconds(120),
          () -> {
            Secret secret = client.secrets().inNamespace(ns).withName(name).get();
            return secret != null
                && secret.getData() != null
                && host.equals(Secrets.decoded(secret).get("host"));
          });
    }
  }

  /** Secrets of random data, spread over ten namespaces, written by eight threads. */
  private static void createUnrelated(KubernetesClient client, int count, int kib) {
    List<String> namespaces =
        IntStream.range(0, 10).mapToObj(i -> TestNamespaces.create(client, "unrelated")).toList();
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              byte[] data = new byte[kib * 1024];
              new Random(i).nextBytes(data);
              client
                  .secrets()
                  .inNamespace(namespaces.get(i % namespaces.size()))
                  .resource(
                      new SecretBuilder()
                          .withNewMetadata()
                          .withName("unrelated-" + i)
                          .endMetadata()
                          .withData(Map.of("blob", Base64.getEncoder().encodeToString(data)))
                          .build())
                  .create();
            });
  }

  private static String report(
      int unrelated,
      int kib,
      int referencing,
      HeapHistogram before,
      HeapHistogram after,
      Map<RequestKey, Long> quiet) {
    StringBuilder out = new StringBuilder();
    out.append("| | live heap | Secret objects |\n|---|---:|---:|\n");
    out.append(
        String.format(
            "| %d External TaskOverflows, each naming its own Secret | %.1f MiB | %d |%n",
            referencing, before.liveMib(), before.secrets()));
    out.append(
        String.format(
            "| the same + %d unrelated Secrets of %d KiB in 10 other namespaces | %.1f MiB | %d |%n",
            unrelated, kib, after.liveMib(), after.secrets()));
    out.append(
        String.format(
            "| difference | %+.1f MiB | %+d |%n%n",
            after.liveMib() - before.liveMib(), after.secrets() - before.secrets()));
    out.append("Secret requests in a quiet minute afterwards: ");
    StringBuilder secrets = new StringBuilder();
    quiet.forEach(
        (key, count) -> {
          if (key.resource().equals("secrets")) {
            secrets
                .append(secrets.isEmpty() ? "" : ", ")
                .append(key.verb())
                .append(' ')
                .append(count);
          }
        });
    out.append(secrets.isEmpty() ? "none" : secrets).append(".\n");
    return out.toString();
  }

  private static void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
