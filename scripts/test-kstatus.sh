#!/usr/bin/env bash
# Builds kstatus-check (scripts/kstatus-check/): the status that sigs.k8s.io/cli-utils/pkg/kstatus,
# the library Flux and kpt read health with, computes for one object given on stdin, and the health
# the chart's Argo CD check (helm/taskoverflow-operator/files/argocd-health.lua) gives it in
# gopher-lua, Argo CD's Lua interpreter. The operator's
# integration tests run it on the TaskOverflows they make (KstatusCheck.java). The cli-utils and
# gopher-lua versions are pinned in scripts/kstatus-check/go.mod (with go.sum), fetched from the Go
# module proxy.
#
# Output: kstatus-check in the test binaries' folder,
# ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<X.Y.Z>-linux-<arch>/, where the tests look for it (or
# set KSTATUS_CHECK to a binary of your own). Go's caches live under
# ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/go. Idempotent: a binary built with the pinned
# cli-utils is not rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# K8S_VERSION, for the folder
# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/go-build.sh
source scripts/lib/go-build.sh

go_env
BIN_DIR=$(test_bin_dir)
BINARY=$BIN_DIR/kstatus-check
pinned=$(awk '$1 == "sigs.k8s.io/cli-utils" {print $2}' scripts/kstatus-check/go.mod)
[[ -n $pinned ]] || die "scripts/kstatus-check/go.mod pins no sigs.k8s.io/cli-utils"

build_kstatus_check() {
  mkdir -p "$BIN_DIR"
  (cd scripts/kstatus-check && go build -trimpath -ldflags "-s -w" -o "$BINARY" .)
}

# Built anew when the checker's source changed or the binary was built with another cli-utils
# (the module versions a Go binary was built with are in the binary itself).
current() {
  local file
  for file in scripts/kstatus-check/*; do [[ $BINARY -nt $file ]] || return 1; done
  go version -m "$BINARY" 2>/dev/null | grep -Eq "sigs\.k8s\.io/cli-utils[[:space:]]+$pinned"
}
if ! current; then
  timed "kstatus-check (cli-utils $pinned)" build_kstatus_check
fi
echo "  kstatus-check           cli-utils $pinned ($BINARY)"
