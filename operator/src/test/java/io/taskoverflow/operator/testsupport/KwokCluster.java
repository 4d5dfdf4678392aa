package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDRBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cluster whose nodes and kubelets are played by KWOK, on a real API server: the real
 * kube-controller-manager turns Deployments and StatefulSets into pods, the real kube-scheduler
 * binds them to KWOK's nodes, and KWOK's stages make them Running and Ready. No container runs, so
 * thousands of workloads fit on one machine; for the operator's scale benchmark.
 */
public final class KwokCluster implements AutoCloseable {

  /** Pods' addresses, far larger than the thousands of pods a run makes. */
  private static final String POD_CIDR = "10.64.0.1/12";

  /**
   * More Service addresses than kube-api-test's 10.0.0.0/24 allows (it fixes that flag): one
   * ClusterIP per TaskOverflow, up to 65,000.
   */
  private static final String EXTRA_SERVICE_CIDR = "10.1.0.0/16";

  /**
   * Client rates of a cluster sized for thousands of workloads. At their defaults (20 requests/s
   * for the controller manager, 50 for the scheduler) the controllers, not the operator, would set
   * the pace of a burst.
   */
  private static final List<String> CONTROLLER_MANAGER_FLAGS =
      List.of(
          "--kube-api-qps=300",
          "--kube-api-burst=600",
          // Each controller as its own ServiceAccount, as kubeadm and EKS run them: the chart's
          // admission policies let only those controllers copy the operator's label onto pods.
          "--use-service-account-credentials=true");

  private static final int SCHEDULER_QPS = 300;

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final KubeControllerManager controllerManager;
  private final List<Process> processes;
  private final Path workDir;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KwokCluster(
      KubeControllerManager controllerManager, List<Process> processes, Path workDir) {
    this.controllerManager = controllerManager;
    this.processes = processes;
    this.workDir = workDir;
    // Covers a benchmark that is interrupted: no controller, scheduler or KWOK outlives it.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-kwok-cluster"));
  }

  /** Starts the controllers, the scheduler and KWOK, and waits for {@code nodes} Ready nodes. */
  public static KwokCluster start(SharedKubeApiServer apiServer, int nodes) {
    KubernetesClient admin = apiServer.client();
    admin
        .resource(
            new ServiceCIDRBuilder()
                .withNewMetadata()
                .withName("scale-benchmark")
                .endMetadata()
                .withNewSpec()
                .withCidrs(EXTRA_SERVICE_CIDR)
                .endSpec()
                .build())
        .create();
    List<String> controllers = new ArrayList<>(KubeControllerManager.CONTROLLERS);
    controllers.add("service-cidr-controller");
    // Lifts the not-ready taint that the API server puts on every new node once KWOK reports it
    // Ready, as it does in any cluster.
    controllers.add("node-lifecycle-controller");
    KubeControllerManager controllerManager =
        KubeControllerManager.start(apiServer, controllers, CONTROLLER_MANAGER_FLAGS);
    List<Process> processes = new ArrayList<>();
    try {
      Path workDir = Files.createTempDirectory("kwok-cluster");
      Path kubeconfig =
          Files.writeString(workDir.resolve("kubeconfig"), apiServer.kubeConfigYaml());
      processes.add(startScheduler(workDir, kubeconfig));
      processes.add(startKwok(kubeconfig));
      KwokCluster cluster = new KwokCluster(controllerManager, processes, workDir);
      for (int i = 1; i <= nodes; i++) {
        admin.resource(node("kwok-node-" + i)).create();
      }
      Eventually.await(
          nodes + " KWOK nodes Ready",
          STARTUP_TIMEOUT,
          () ->
              admin.nodes().list().getItems().stream().filter(KwokCluster::ready).count() == nodes);
      return cluster;
    } catch (IOException e) {
      processes.forEach(LocalProcesses::stop);
      controllerManager.close();
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The real scheduler, without the volume plugins: KWOK's nodes have no storage, so a pod's claim
   * stays unbound, which would keep the StatefulSets' pods from any node.
   */
  private static Process startScheduler(Path workDir, Path kubeconfig) throws IOException {
    Path binary = KubeBinaries.require("kube-scheduler");
    Path config =
        Files.writeString(
            workDir.resolve("scheduler.yaml"),
            String.join(
                "\n",
                "apiVersion: kubescheduler.config.k8s.io/v1",
                "kind: KubeSchedulerConfiguration",
                "clientConnection:",
                "  kubeconfig: " + kubeconfig,
                "  qps: " + SCHEDULER_QPS,
                "  burst: " + 2 * SCHEDULER_QPS,
                "leaderElection:",
                "  leaderElect: false",
                "profiles:",
                "  - schedulerName: default-scheduler",
                "    plugins:",
                "      multiPoint:",
                "        disabled:",
                "          - name: VolumeBinding",
                "          - name: VolumeZone",
                "          - name: VolumeRestrictions",
                "          - name: NodeVolumeLimits",
                ""));
    int port = LocalProcesses.freePort();
    Path log = LocalProcesses.logFile("kube-scheduler.log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config=" + config,
                "--bind-address=127.0.0.1",
                "--secure-port=" + port,
                "--cert-dir=" + workDir.resolve("scheduler-certs"))
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(log.toFile()))
            .start();
    LocalProcesses.awaitReady(
        process, "kube-scheduler", log, STARTUP_TIMEOUT, () -> KubeControllerManager.healthy(port));
    return process;
  }

  /** KWOK with its default stages: a node becomes Ready, a pod bound to it Running and Ready. */
  private static Process startKwok(Path kubeconfig) throws IOException {
    Path binary = KubeBinaries.require("kwok");
    Path log = LocalProcesses.logFile("kwok.log");
    return new ProcessBuilder(
            binary.toString(),
            "--kubeconfig=" + kubeconfig,
            "--manage-all-nodes=true",
            "--cidr=" + POD_CIDR,
            "--node-lease-duration-seconds=40",
            "--server-address=127.0.0.1:" + LocalProcesses.freePort())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()))
        .start();
  }

  /** A node with room for any number of the operator's pods. */
  private static Node node(String name) {
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity("1000"),
            "memory", new Quantity("4Ti"),
            "pods", new Quantity("1000"));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToAnnotations("kwok.x-k8s.io/node", "fake")
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels("type", "kwok")
        .endMetadata()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .endStatus()
        .build();
  }

  private static boolean ready(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    processes.forEach(LocalProcesses::stop);
    controllerManager.close();
    LocalProcesses.deleteRecursively(workDir); // holds admin credentials
  }
}
