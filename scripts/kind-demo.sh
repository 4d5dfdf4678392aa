#!/usr/bin/env bash
# The quick start: a local kind cluster with the operator and one TaskOverflow (todo service +
# in-cluster PostgreSQL), reachable at http://localhost:8080/ until Ctrl-C.
#
#   scripts/kind-demo.sh          # creates or reuses the kind cluster "taskoverflow"
#   scripts/kind-demo-down.sh     # deletes it
#
# Needs docker, kind, kubectl, helm and curl. Settings (environment): KIND_CLUSTER, LOCAL_PORT,
# OPERATOR_NAMESPACE, RELEASE, EXAMPLE, READY_TIMEOUT (see scripts/lib/kind.sh).
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

trap stop_port_forward EXIT
start_port_forward
cat <<MESSAGE

TaskOverflow is running: http://localhost:$LOCAL_PORT/
  API:        curl http://localhost:$LOCAL_PORT/api/v1/todos
  Resource:   kubectl --context $KIND_CONTEXT -n $TOF_NAMESPACE get taskoverflow $TOF_NAME
  Operator:   kubectl --context $KIND_CONTEXT -n $OPERATOR_NAMESPACE logs deployment/$RELEASE
  Remove all: scripts/kind-demo-down.sh

Press Ctrl-C to stop the port-forward (the cluster keeps running).
MESSAGE
wait "$PORT_FORWARD_PID"
