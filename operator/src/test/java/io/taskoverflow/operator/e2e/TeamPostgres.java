package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.kube.SecretValues;
import io.taskoverflow.operator.support.Passwords;
import io.taskoverflow.operator.tls.CertificateAuthority;
import io.taskoverflow.operator.tls.ServerCertificate;
import io.taskoverflow.operator.tls.ServiceDnsNames;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A team's own PostgreSQL, as an External TaskOverflow names it: the cluster's PostgreSQL image
 * behind a Service, TLS only, with a certificate for the Service's names from a CA of the team's
 * (or of an impostor's); and the user's Secret that points a TaskOverflow at it. The same server
 * stands behind each emulated RDS instance ({@link RdsInstanceServers}).
 */
final class TeamPostgres {

  static final String USER = "team";
  static final String DATABASE = "team";
  private static final String TLS = "/etc/postgresql/tls";

  private final String namespace;
  private final String name;
  private final String password;

  private TeamPostgres(String namespace, String name, String password) {
    this.namespace = namespace;
    this.name = name;
    this.password = password;
  }

  /** The password of its user. */
  String password() {
    return password;
  }

  /** Starts it and waits until it accepts connections. */
  static TeamPostgres start(
      KubernetesClient client, String namespace, String name, CertificateAuthority ca) {
    return start(client, namespace, name, ca, ServiceDnsNames.of(name, namespace));
  }

  /** The same, its certificate for {@code dnsNames} (an impostor's, for another's names). */
  static TeamPostgres start(
      KubernetesClient client,
      String namespace,
      String name,
      CertificateAuthority ca,
      List<String> dnsNames) {
    TeamPostgres db =
        create(client, namespace, name, ca, dnsNames, USER, DATABASE, Passwords.generate());
    Workloads.awaitRollout(client, namespace, name, Duration.ofMinutes(3));
    return db;
  }

  /**
   * Creates it with this user, database and password, its certificate for {@code dnsNames}, without
   * waiting for it to accept connections.
   */
  static TeamPostgres create(
      KubernetesClient client,
      String namespace,
      String name,
      CertificateAuthority ca,
      List<String> dnsNames,
      String user,
      String database,
      String password) {
    TeamPostgres db = new TeamPostgres(namespace, name, password);
    ServerCertificate certificate = ServerCertificate.issue(ca, dnsNames, Instant.now());
    client
        .resource(
            secret(
                namespace,
                name + "-tls",
                Map.of(
                    "tls.crt", certificate.certificatePem(),
                    "tls.key", certificate.privateKeyPem(),
                    "pg_hba.conf", "local all all trust\nhostssl all all all scram-sha-256\n")))
        .create();
    client.resource(secret(namespace, name + "-auth", Map.of("password", db.password))).create();
    Map<String, String> labels = Map.of("app", name);
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withSpec(
                    PostgresPods.spec(
                            OperatorRelease.postgresImage(client),
                            List.of(
                                PostgresPods.env("POSTGRES_USER", user),
                                PostgresPods.env("POSTGRES_DB", database),
                                new EnvVarBuilder()
                                    .withName("POSTGRES_PASSWORD")
                                    .withNewValueFrom()
                                    .withNewSecretKeyRef()
                                    .withName(name + "-auth")
                                    .withKey("password")
                                    .endSecretKeyRef()
                                    .endValueFrom()
                                    .build()),
                            "postgres",
                            "-c",
                            "ssl=on",
                            "-c",
                            "ssl_cert_file=" + TLS + "/tls.crt",
                            "-c",
                            "ssl_key_file=" + TLS + "/tls.key",
                            "-c",
                            "hba_file=" + TLS + "/pg_hba.conf")
                        .editFirstContainer()
                        .withNewReadinessProbe()
                        .withNewExec()
                        .withCommand("pg_isready", "-h", "127.0.0.1")
                        .endExec()
                        .withPeriodSeconds(1)
                        .endReadinessProbe()
                        .addNewVolumeMount()
                        .withName("tls")
                        .withMountPath(TLS)
                        .endVolumeMount()
                        .endContainer()
                        .addNewVolume()
                        .withName("tls")
                        .withNewSecret()
                        .withSecretName(name + "-tls")
                        .withDefaultMode(0640)
                        .endSecret()
                        .endVolume()
                        .build())
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withSelector(labels)
                .addNewPort()
                .withPort(5432)
                .withTargetPort(new IntOrString(5432))
                .endPort()
                .endSpec()
                .build())
        .create();
    return db;
  }

  /**
   * Has it present a certificate of {@code ca} for {@code dnsNames} from now on (an impostor's,
   * say): the TLS Secret is replaced and its pod restarted with it; waits until it serves again.
   */
  void presentCertificate(KubernetesClient client, CertificateAuthority ca, List<String> dnsNames) {
    ServerCertificate certificate = ServerCertificate.issue(ca, dnsNames, Instant.now());
    client
        .secrets()
        .inNamespace(namespace)
        .withName(name + "-tls")
        .edit(
            secret -> {
              secret
                  .getData()
                  .putAll(
                      SecretValues.encode(
                          Map.of(
                              "tls.crt", certificate.certificatePem(),
                              "tls.key", certificate.privateKeyPem())));
              return secret;
            });
    client.pods().inNamespace(namespace).withLabel("app", name).withGracePeriod(0).delete();
    Workloads.awaitRollout(client, namespace, name, Duration.ofMinutes(3));
  }

  /** The address of its pod. */
  String podIp(KubernetesClient client) {
    return client.pods().inNamespace(namespace).withLabel("app", name).list().getItems().stream()
        .map(pod -> pod.getStatus().getPodIP())
        .filter(ip -> ip != null && !ip.isEmpty())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pod of " + name + " has an address"));
  }

  /**
   * The user's Secret {@code secretName} for an External TaskOverflow: the URI, and the CA the
   * server's certificate is to be verified against, if any.
   */
  void userSecret(KubernetesClient client, String secretName, Optional<CertificateAuthority> ca) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(
        "uri",
        "postgresql://"
            + USER
            + ":"
            + password
            + "@"
            + name
            + "."
            + namespace
            + ".svc:5432/"
            + DATABASE);
    ca.ifPresent(authority -> data.put("ca.crt", authority.certificatePem()));
    client.resource(secret(namespace, secretName, data)).create();
  }

  /** An External TaskOverflow of one replica on the user's Secret {@code secretName}. */
  static String externalSpec(String secretName) {
    return "replicas: 1\ndatabase:\n  mode: External\n  external:\n    secretRef:\n      name: "
        + secretName
        + "\n";
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(
      String namespace, String name, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withData(SecretValues.encode(data))
        .build();
  }
}
