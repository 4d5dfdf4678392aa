package io.taskoverflow.operator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/** What the integration tests of mode RDS share: the operator's settings and reading the result. */
public final class RdsFixtures {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private RdsFixtures() {}

  /** The operator's defaults for new instances, watching only the test's namespace. */
  public static Map<String, String> env(String ns, MotoNetwork network) {
    return Map.of(
        "WATCH_NAMESPACES", ns,
        "RDS_SUBNET_GROUP", network.subnetGroup(),
        "RDS_SECURITY_GROUP_IDS", network.securityGroupId());
  }

  /** The connection Secret, decoded, once it has a URI: it is filled when the instance is up. */
  public static Map<String, String> awaitConnection(
      KubernetesClient client, String ns, String name) {
    Eventually.await(
        "connection Secret " + name + "-db is filled",
        TIMEOUT,
        () -> {
          Secret secret = client.secrets().inNamespace(ns).withName(name + "-db").get();
          return secret != null && secret.getData() != null && secret.getData().containsKey("uri");
        });
    return Secrets.decoded(client.secrets().inNamespace(ns).withName(name + "-db").get());
  }

  /** The one instance moto has; fails when there are none or several. */
  public static DBInstance onlyInstance(RdsClient rds) {
    var instances = rds.describeDBInstances().dbInstances();
    assertThat(instances).hasSize(1);
    return instances.get(0);
  }

  public static Map<String, String> tags(DBInstance instance) {
    return instance.tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }
}
