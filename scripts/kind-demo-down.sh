#!/usr/bin/env bash
# Removes what scripts/kind-demo.sh (or kind-e2e.sh with KEEP_CLUSTER=1) made: the kind cluster,
# with the operator, the TaskOverflows and their data in it. The images stay in the local Docker;
# remove them with: docker image ls 'taskoverflow-*'  and  docker image rm …
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh

stop_demo_port_forward
if [[ -d $TOOLS_BIN ]]; then PATH="$TOOLS_BIN:$PATH"; fi
command -v kind >/dev/null 2>&1 || die "kind is needed to delete the cluster, and is not installed"
if kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
  log "deleting kind cluster $KIND_CLUSTER"
  kind delete cluster --name "$KIND_CLUSTER"
else
  log "no kind cluster named $KIND_CLUSTER: nothing to remove"
fi
