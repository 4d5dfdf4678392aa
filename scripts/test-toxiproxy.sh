#!/usr/bin/env bash
# Builds the fault injector the todo-app's integration tests put between the app and PostgreSQL
# (toxiproxy-server, in DatabaseStallIT), from the Go module proxy: the todo-app's tests need it
# and nothing of Kubernetes, so it is built apart from scripts/test-binaries.sh.
#
# Output: toxiproxy-server in the test binaries' folder,
# ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<X.Y.Z>-linux-<arch>/, where the tests look for it
# (or set TOXIPROXY_SERVER to a binary of your own). Go's caches live under
# ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/go. Idempotent: a binary at the pinned version is
# not rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# TOXIPROXY_VERSION
# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/go-build.sh
source scripts/lib/go-build.sh

BIN_DIR=$(test_bin_dir)

build_toxiproxy() {
  local gobin=$GO_WRAPPERS/toxiproxy-$TOXIPROXY_VERSION
  go_env
  go_install_pinned "$gobin" "github.com/Shopify/toxiproxy/v2/cmd/server@v$TOXIPROXY_VERSION" \
    "-X github.com/Shopify/toxiproxy/v2.Version=$TOXIPROXY_VERSION"
  mkdir -p "$BIN_DIR"
  mv "$gobin/server" "$BIN_DIR/toxiproxy-server"
}

if ! reports_version "$BIN_DIR/toxiproxy-server" "$TOXIPROXY_VERSION" -version; then
  timed "toxiproxy-server v$TOXIPROXY_VERSION" build_toxiproxy
fi
echo "  toxiproxy-server        $("$BIN_DIR/toxiproxy-server" -version 2>/dev/null | head -n 1) ($BIN_DIR)"
