#!/usr/bin/env bash
# Removes what scripts/kind-demo.sh (or kind-e2e.sh with KEEP_CLUSTER=1) made: the kind cluster,
# with the operator, the TaskOverflows and their data in it. The images stay in the local Docker;
# remove them with: docker image ls 'taskoverflow-*'  and  docker image rm …
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh

require_tool kind "Kubernetes in Docker: https://kind.sigs.k8s.io/docs/user/quick-start/#installation" ||
  die "kind is needed to delete the cluster"
if kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
  log "deleting kind cluster $KIND_CLUSTER"
  kind delete cluster --name "$KIND_CLUSTER"
else
  log "no kind cluster named $KIND_CLUSTER: nothing to remove"
fi
