package io.taskoverflow.operator.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Kubernetes binaries that {@code scripts/test-binaries.sh} builds, in the directory layout
 * that fabric8 kube-api-test looks up: {@code $KUBE_API_TEST_DIR/k8s/<version>-linux-<arch>/}.
 */
final class KubeBinaries {

  private KubeBinaries() {}

  static Path testDir() {
    String fromEnv = System.getenv("KUBE_API_TEST_DIR");
    return fromEnv != null && !fromEnv.isBlank()
        ? Path.of(fromEnv)
        : Path.of(System.getProperty("user.home"), ".kubeapitest");
  }

  static String version() {
    return TestVersions.kubernetes();
  }

  /**
   * Path of one binary; fails with the command that builds it rather than letting kube-api-test try
   * a download that cannot work on machines without general internet access.
   */
  static Path require(String name) {
    Path binary = versionDir().resolve(name);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Missing Kubernetes test binary "
              + binary
              + ". Run scripts/test-binaries.sh first: it builds kube-apiserver, kubectl,"
              + " kube-controller-manager, kube-scheduler (v"
              + version()
              + "), etcd and kwok from the Go module proxy.");
    }
    return binary;
  }

  private static Path versionDir() {
    String arch = "aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "amd64";
    return testDir().resolve("k8s").resolve(version() + "-linux-" + arch);
  }
}
