#!/usr/bin/env bash
# Builds promtool and metrics-check from scripts/metrics-check/, a Go module that pins
# github.com/prometheus/prometheus (go.mod, with every dependency's checksum in go.sum), fetched
# from the Go module proxy:
# - promtool, Prometheus' own command, which checks rule files and runs their unit tests
#   (`promtool check rules`, `promtool test rules`). It is the module's `tool`: built from the
#   same build list as the checker, so one line in go.mod moves both. Built with Prometheus'
#   build tag remove_all_sd, which leaves out the cloud service discoveries (AWS, Azure, GCE, ...
#   none of which rule checks use) and with them about half of what a build downloads and
#   compiles.
# - metrics-check (scripts/metrics-check/main.go), which parses every PromQL expression of a
#   Grafana dashboard or a rule file with Prometheus' parser and lists, or with --scraped checks,
#   the metric names they use.
# scripts/test-alerts.sh runs both on the chart's dashboard and alerts.
#
# Output: both in the test binaries' folder, ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<X.Y.Z>-linux-<arch>/.
# Go's caches live under ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/go. Needs the Go version
# Prometheus' go.mod names (go.mod's go line). Idempotent: binaries built from the current source
# with the pinned Prometheus are not rebuilt.
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
MODULE=scripts/metrics-check
BIN_DIR=$(test_bin_dir)
pinned=$(awk '$1 == "github.com/prometheus/prometheus" {print $2}' "$MODULE/go.mod")
[[ $pinned =~ ^v0\.([0-9]+)([0-9][0-9])\.([0-9]+)$ ]] ||
  die "$MODULE/go.mod pins no github.com/prometheus/prometheus v0.X.Y"
# Prometheus 3.16.0 is the Go module version v0.316.0; promtool --version shows the former.
release=${BASH_REMATCH[1]}.$((10#${BASH_REMATCH[2]})).${BASH_REMATCH[3]}

build() {
  mkdir -p "$BIN_DIR"
  (
    cd "$MODULE"
    go build -trimpath -tags remove_all_sd \
      -ldflags "-s -w -X github.com/prometheus/common/version.Version=$release" \
      -o "$BIN_DIR/promtool" github.com/prometheus/prometheus/cmd/promtool
    go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/metrics-check" .
  )
}

# Built anew when the module changed or a binary was built with another Prometheus or other
# tags (the module versions and build settings of a Go binary are in the binary itself).
current() {
  local binary file
  for binary in promtool metrics-check; do
    for file in "$MODULE"/*.go "$MODULE"/go.mod "$MODULE"/go.sum; do
      [[ $BIN_DIR/$binary -nt $file ]] || return 1
    done
    go version -m "$BIN_DIR/$binary" 2>/dev/null |
      grep -Eq "github\.com/prometheus/prometheus[[:space:]]+$pinned" || return 1
  done
  go version -m "$BIN_DIR/promtool" | grep -Eq -- "-tags=remove_all_sd\$"
}
if ! current; then
  timed "promtool and metrics-check (Prometheus $release)" build
fi
echo "  promtool, metrics-check Prometheus $release ($BIN_DIR)"
