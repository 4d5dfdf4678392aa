package io.taskoverflow.operator.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskoverflow.operator.testsupport.MotoNetwork;
import io.taskoverflow.operator.testsupport.MotoServer;
import io.taskoverflow.operator.tls.CertificateAuthority;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * AWS for the RDS scenarios: moto_server on this machine; in front of it the bridge, on the
 * machine's address in the kind network ({@code taskoverflow.e2e.hostAddress}), which is the
 * endpoint the operator is given; the PostgreSQL servers behind the instances, named by the
 * cluster's DNS; the CA that issues their certificates (the operator's RDS CA bundle); and the
 * network terraform/eks would have made (a DB subnet group and a security group).
 */
final class RdsEmulator implements AutoCloseable {

  static final String REGION = "us-east-1";

  private static final String HOST_ADDRESS = System.getProperty("taskoverflow.e2e.hostAddress", "");

  final MotoServer moto;
  final RdsClient rds;
  final Ec2Client ec2;
  final MotoNetwork network;
  final CertificateAuthority ca;
  final RdsInstanceServers servers;
  final RdsServerBridge bridge;

  private RdsEmulator(
      MotoServer moto,
      MotoNetwork network,
      CertificateAuthority ca,
      RdsInstanceServers servers,
      RdsServerBridge bridge) {
    this.moto = moto;
    this.rds = moto.rdsClient();
    this.ec2 = moto.ec2Client();
    this.network = network;
    this.ca = ca;
    this.servers = servers;
    this.bridge = bridge;
  }

  static RdsEmulator start(KubernetesClient client) throws IOException {
    if (HOST_ADDRESS.isEmpty()) {
      throw new IllegalStateException(
          "taskoverflow.e2e.hostAddress (this machine's address in the kind network) is not set:"
              + " run the scenarios with scripts/kind-e2e.sh");
    }
    MotoServer moto = MotoServer.start();
    MotoNetwork network;
    try (RdsClient rds = moto.rdsClient();
        Ec2Client ec2 = moto.ec2Client()) {
      network = MotoNetwork.create(rds, ec2);
    }
    CertificateAuthority ca = CertificateAuthority.generate("e2e-rds-ca", Instant.now());
    RdsInstanceServers servers = new RdsInstanceServers(client, ca, REGION);
    RdsEndpointNames.pointAtTheServers(client);
    RdsServerBridge bridge = RdsServerBridge.start(HOST_ADDRESS, moto.endpoint(), servers);
    return new RdsEmulator(moto, network, ca, servers, bridge);
  }

  /** The instances moto holds that carry the operator's namespace tag {@code namespace}. */
  List<DBInstance> instancesOf(String namespace) {
    return rds.describeDBInstances().dbInstances().stream()
        .filter(instance -> namespace.equals(tag(instance, "taskoverflow.io/namespace")))
        .toList();
  }

  /** The value of the instance's tag {@code key}, or null. */
  String tag(DBInstance instance, String key) {
    return rds.listTagsForResource(r -> r.resourceName(instance.dbInstanceArn())).tagList().stream()
        .filter(tag -> key.equals(tag.key()))
        .map(Tag::value)
        .findFirst()
        .orElse(null);
  }

  /** The actions moto received since its recording started, in order. */
  List<String> recordedActions() {
    return RdsServerBridge.actions(moto.recordedBodies());
  }

  @Override
  public void close() {
    bridge.close();
    servers.deleteAll();
    rds.close();
    ec2.close();
    moto.close();
  }
}
