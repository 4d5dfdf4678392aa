package io.taskoverflow.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.kube.SecretValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The operator as a user installs it for RDS: the command terraform/eks prints ({@link
 * PrintedHelmCommand}), run with the images of this cluster and what differs from EKS here:
 *
 * <ul>
 *   <li>the AWS endpoint ({@code aws.endpointOverride}: the emulator's);
 *   <li>the AWS credentials, which on EKS come from Pod Identity, IRSA or the node role: here
 *       static keys in a Secret, given to the operator as environment variables through the chart's
 *       {@code extraEnv};
 *   <li>the RDS CA bundle ({@code aws.rds.caBundle}: the emulator's CA in a ConfigMap, as a user
 *       gives another bundle).
 * </ul>
 *
 * Closing puts back the values the release had before.
 */
final class RdsOperatorInstall implements AutoCloseable {

  static final String CA_CONFIG_MAP = "rds-ca-bundle";
  static final String CREDENTIALS_SECRET = "aws-credentials";

  private final Path previousValues;

  private RdsOperatorInstall(Path previousValues) {
    this.previousValues = previousValues;
  }

  static RdsOperatorInstall install(KubernetesClient client, RdsEmulator aws)
      throws IOException, InterruptedException {
    Path previous = Files.createTempFile("operator-values", ".yaml");
    Files.writeString(
        previous,
        OperatorRelease.helmOutput(
            "get",
            "values",
            KindCluster.RELEASE,
            "-n",
            KindCluster.OPERATOR_NAMESPACE,
            "-o",
            "yaml"),
        UTF_8);
    String namespace = KindCluster.OPERATOR_NAMESPACE;
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CA_CONFIG_MAP)
                .withNamespace(namespace)
                .endMetadata()
                .withData(Map.of("ca-bundle.pem", aws.ca.certificatePem()))
                .build())
        .serverSideApply();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(CREDENTIALS_SECRET)
                .withNamespace(namespace)
                .endMetadata()
                .withData(
                    SecretValues.encode(
                        Map.of("access-key-id", "testing", "secret-access-key", "testing")))
                .build())
        .serverSideApply();

    Deployment operator = OperatorRelease.deployment(client);
    String operatorImage =
        operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    String todoImage = OperatorRelease.todoImage(client);
    String postgresImage = OperatorRelease.postgresImage(client);
    String command =
        PrintedHelmCommand.render(
            Map.of(
                "operator_namespace", namespace,
                "operator_repository", OperatorRelease.imageRepository(operatorImage),
                "todo_repository", OperatorRelease.imageRepository(todoImage),
                "region", RdsEmulator.REGION,
                "rds_subnet_group_name", aws.network.subnetGroup(),
                "rds_security_group_id", aws.network.securityGroupId()));
    KindCluster.note("the command terraform/eks prints, for this cluster:");
    command.lines().forEach(line -> KindCluster.note("  %s", line));

    Path credentials = Files.createTempFile("aws-credentials", ".yaml");
    Files.writeString(
        credentials,
        """
        extraEnv:
          - name: AWS_ACCESS_KEY_ID
            valueFrom: {secretKeyRef: {name: %1$s, key: access-key-id}}
          - name: AWS_SECRET_ACCESS_KEY
            valueFrom: {secretKeyRef: {name: %1$s, key: secret-access-key}}
        """
            .formatted(CREDENTIALS_SECRET),
        UTF_8);
    try {
      PrintedHelmCommand.run(
          command,
          List.of(
              "--set-string",
              "image.tag=" + OperatorRelease.imageTag(operatorImage),
              "--set",
              "image.pullPolicy=Never",
              "--set-string",
              "todoApp.image.tag=" + OperatorRelease.imageTag(todoImage),
              "--set",
              "postgres.image.repository=" + OperatorRelease.imageRepository(postgresImage),
              "--set-string",
              "postgres.image.tag=" + OperatorRelease.imageTag(postgresImage),
              "--set",
              "aws.endpointOverride=" + aws.bridge.endpoint(),
              "--set",
              "aws.rds.caBundle.configMapName=" + CA_CONFIG_MAP,
              "-f",
              credentials.toString(),
              "--wait",
              "--timeout",
              "5m"));
    } finally {
      Files.delete(credentials);
    }
    return new RdsOperatorInstall(previous);
  }

  /** The release as it was: its earlier values, nothing of RDS. */
  @Override
  public void close() throws IOException, InterruptedException {
    OperatorRelease.upgradeToThisChart(
        "--reset-values", "-f", previousValues.toString(), "--wait", "--timeout", "5m");
    Files.delete(previousValues);
  }
}
