#!/usr/bin/env bash
# Builds the real Kubernetes binaries the operator's integration tests run against
# and the scale benchmark runs against (kube-apiserver, kubectl, etcd, kube-controller-manager,
# kube-scheduler, kwok) from the Go module proxy, because this project's machines cannot download
# release binaries or container images. The todo-app's fault injector (toxiproxy-server) is built
# apart, by scripts/test-toxiproxy.sh.
#
# Output: ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<X.Y.Z>-linux-<arch>/, the layout that
# fabric8 kube-api-test looks up. Go's module and build caches live under
# ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/go so that a second run (or a CI cache) is fast.
# Idempotent: binaries that exist at the pinned version are not rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# K8S_VERSION, ETCD_VERSION, KWOK_VERSION
# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/go-build.sh
source scripts/lib/go-build.sh

go_env
BIN_DIR=$(test_bin_dir)

build_etcd() {
  local dir=$GO_WRAPPERS/etcd-$ETCD_VERSION
  mkdir -p "$dir" "$BIN_DIR"
  printf 'module local/etcdbin\n\ngo 1.24.0\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD_VERSION" >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$dir/tools.go"
  (cd "$dir" && go mod tidy)
  (cd "$dir" && go build -trimpath -ldflags "-s -w" -o out/etcd go.etcd.io/etcd/server/v3)
  mv "$dir/out/etcd" "$BIN_DIR/etcd"
}

if ! reports_version "$BIN_DIR/kube-apiserver" "v$K8S_VERSION" ||
  ! reports_version "$BIN_DIR/kube-controller-manager" "v$K8S_VERSION" ||
  ! reports_version "$BIN_DIR/kube-scheduler" "v$K8S_VERSION" ||
  ! reports_version "$BIN_DIR/kubectl" "v$K8S_VERSION" version --client; then
  timed "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl v$K8S_VERSION" \
    kubernetes_build "$BIN_DIR" kube-apiserver kube-controller-manager kube-scheduler kubectl
fi
if ! reports_version "$BIN_DIR/etcd" "$ETCD_VERSION"; then timed "etcd v$ETCD_VERSION" build_etcd; fi
# KWOK has no replace directives, so plain `go install` works.
if ! reports_version "$BIN_DIR/kwok" "v$KWOK_VERSION"; then
  timed "kwok v$KWOK_VERSION" go_install_pinned "$BIN_DIR" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
fi

echo "Test binaries in $BIN_DIR:"
echo "  kube-apiserver          $("$BIN_DIR/kube-apiserver" --version)"
echo "  kube-controller-manager $("$BIN_DIR/kube-controller-manager" --version)"
echo "  kube-scheduler          $("$BIN_DIR/kube-scheduler" --version)"
echo "  kubectl                 $("$BIN_DIR/kubectl" version --client 2>/dev/null | head -n 1)"
echo "  etcd                    $("$BIN_DIR/etcd" --version | head -n 1)"
echo "  kwok                    $("$BIN_DIR/kwok" --version 2>/dev/null | head -n 1)"
