#!/usr/bin/env bash
# shellcheck disable=SC2119  # the kind steps' optional arguments default to the example's resource
# The quick start: a local kind cluster with the operator and one TaskOverflow (todo service +
# in-cluster PostgreSQL), left reachable at http://localhost:8080/ by a port-forward in the
# background (scripts/kind-demo-down.sh ends it with the cluster).
#
#   scripts/kind-demo.sh          # creates or reuses the kind cluster "taskoverflow"
#   scripts/kind-demo-down.sh     # deletes it
#
# Installs or builds what it needs (a Docker engine on a root Debian machine; kind, helm, kubectl
# from the Go module proxy when missing; images that cannot be pulled). Settings (environment):
# KIND_CLUSTER, KIND_NODE_IMAGE, LOCAL_PORT, OPERATOR_NAMESPACE, APP_NAMESPACE, RELEASE, EXAMPLE,
# READY_TIMEOUT (see scripts/lib/kind.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh

require_tools
ensure_cluster
build_and_load_images
install_operator
apply_example
wait_ready

stop_demo_port_forward
start_port_forward
mkdir -p "$CACHE_DIR"
echo "$PORT_FORWARD_PID" >"$DEMO_PID_FILE"
cat <<MESSAGE

TaskOverflow is running: http://localhost:$LOCAL_PORT/
  API:        curl http://localhost:$LOCAL_PORT/api/v1/todos
  Resource:   kubectl --context $KIND_CONTEXT -n $TOF_NAMESPACE get taskoverflow $TOF_NAME
  Operator:   kubectl --context $KIND_CONTEXT -n $OPERATOR_NAMESPACE logs deployment/$RELEASE
  Remove all: make demo-down

The page stays up through a kubectl port-forward in the background (PID $PORT_FORWARD_PID); run
make demo again to bring it back if it stops.
MESSAGE
