#!/usr/bin/env bash
# shellcheck disable=SC2119  # the kind steps' optional arguments default to the example's resource
# Where the time goes from `kubectl apply` to the first served todo list, on a kind cluster of its
# own: builds and loads the images, installs the operator, then applies the example RUNS times,
# each in a new namespace, and prints every run's timeline and the median and range of each step
# (scripts/lib/startup-timeline.py). The figures of docs/benchmarks.md come from it.
#
#   scripts/bench-cluster.sh [RUNS]    # 5 runs by default; KEEP_CLUSTER=1 keeps the cluster
#
# Run it on an otherwise idle machine: every step shares the node's CPUs with everything else.
set -euo pipefail
cd "$(dirname "$0")/.."
export KIND_CLUSTER=${KIND_CLUSTER:-taskoverflow-bench}
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh

runs=${1:-5}
require_tools
ensure_cluster
if [[ ${KEEP_CLUSTER:-} != 1 && ${KIND_CLUSTER_CREATED:-} == 1 ]]; then
  trap 'run_kind delete cluster --name "$KIND_CLUSTER" >/dev/null 2>&1 || true' EXIT
fi
build_and_load_images
install_operator
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);" \
  "operator $OPERATOR_IMAGE, todo-app $TODO_IMAGE, $POSTGRES_IMAGE"
python3 -u scripts/lib/startup-timeline.py "$KIND_CONTEXT" "$EXAMPLE" "$runs"
