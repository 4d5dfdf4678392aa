#!/usr/bin/env bash
# End-to-end test on a kind cluster: the same setup as kind-demo.sh, then the todo API through the
# TaskOverflow's Service (create, read, update, delete), a restart of the todo-app pods and of the
# PostgreSQL pod, and after each a check that no todo was lost (and none came back).
#
#   scripts/kind-e2e.sh                  # own cluster "taskoverflow-e2e", deleted at the end
#   KEEP_CLUSTER=1 scripts/kind-e2e.sh   # keep it for a look (then KIND_CLUSTER=taskoverflow-e2e
#                                        # scripts/kind-demo-down.sh)
#
# Needs docker, kind, kubectl, helm and curl. Exits non-zero at the first failed check.
set -euo pipefail
cd "$(dirname "$0")/.."
KIND_CLUSTER=${KIND_CLUSTER:-taskoverflow-e2e}
LOCAL_PORT=${LOCAL_PORT:-18080}
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh

PASSED=0
KIND_CLUSTER_CREATED=0

cleanup() {
  stop_port_forward
  if [[ "$KIND_CLUSTER_CREATED" == 1 && "${KEEP_CLUSTER:-0}" != 1 ]]; then
    log "deleting kind cluster $KIND_CLUSTER (KEEP_CLUSTER=1 keeps it)"
    kind delete cluster --name "$KIND_CLUSTER" || true
  fi
}

pass() {
  PASSED=$((PASSED + 1))
  printf 'ok %d - %s\n' "$PASSED" "$1"
}

# request METHOD PATH [JSON]: sets STATUS and BODY (STATUS 000 when nothing answered).
request() {
  local method=$1 path=$2 json=${3:-} out
  out=$(mktemp -t taskoverflow-e2e.XXXXXX)
  local args=(-sS --max-time 10 -o "$out" -w '%{http_code}' -X "$method")
  if [[ -n "$json" ]]; then
    args+=(-H 'Content-Type: application/json' --data "$json")
  fi
  STATUS=$(curl "${args[@]}" "http://localhost:$LOCAL_PORT$path" 2>/dev/null) || STATUS=000
  BODY=$(cat "$out")
  rm -f "$out"
}

# expect CODE WHAT: fails the test unless the last request answered CODE.
expect() {
  [[ "$STATUS" == "$1" ]] || die "$2: expected HTTP $1, got $STATUS: $BODY"
  pass "$2"
}

todo_id() {
  grep -o '"id":[0-9]*' <<<"$BODY" | head -1 | cut -d: -f2
}

# The state the API calls left: the kept todo (completed), the deleted one gone. Retried for a
# while, since right after a restart the service may still be reconnecting.
check_nothing_lost() {
  local when=$1 attempt
  for attempt in $(seq 1 30); do
    request GET "/api/v1/todos/$KEEP_ID"
    if [[ "$STATUS" == 200 ]]; then
      break
    fi
    if ((attempt < 30)); then sleep 2; fi
  done
  expect 200 "$when: the kept todo is still there"
  grep -q "\"title\":\"$MARKER keep\"" <<<"$BODY" || die "$when: its title changed: $BODY"
  grep -q '"completed":true' <<<"$BODY" || die "$when: its update was lost: $BODY"
  pass "$when: its title and update are intact"
  request GET "/api/v1/todos/$DROP_ID"
  expect 404 "$when: the deleted todo stays deleted"
  request GET /api/v1/todos
  expect 200 "$when: the list answers"
  [[ $(grep -o "\"title\":\"$MARKER [a-z]*\"" <<<"$BODY" | sort -u) == "\"title\":\"$MARKER keep\"" ]] ||
    die "$when: the list should hold exactly the kept todo of this run: $BODY"
  pass "$when: the list holds exactly the kept todo"
}

require_tools
trap cleanup EXIT
ensure_cluster
build_and_load_images
install_operator
apply_example
wait_ready
start_port_forward

log "exercising the todo API through service/$TOF_NAME"
MARKER="e2e-$(date +%s)-$RANDOM"
request POST /api/v1/todos "{\"title\":\"$MARKER keep\",\"description\":\"must survive restarts\"}"
expect 201 "create a todo"
KEEP_ID=$(todo_id)
request POST /api/v1/todos "{\"title\":\"$MARKER drop\"}"
expect 201 "create a second todo"
DROP_ID=$(todo_id)
[[ -n "$KEEP_ID" && -n "$DROP_ID" && "$KEEP_ID" != "$DROP_ID" ]] ||
  die "the created todos have no distinct ids: $KEEP_ID, $DROP_ID"
request GET "/api/v1/todos/$KEEP_ID"
expect 200 "read it back"
request PUT "/api/v1/todos/$KEEP_ID" '{"completed":true}'
expect 200 "mark it completed"
request DELETE "/api/v1/todos/$DROP_ID"
expect 200 "delete the second"
request POST /api/v1/todos '{"title":""}'
expect 400 "an empty title is refused"
check_nothing_lost "before any restart"

log "restarting the todo-app pods"
stop_port_forward
k -n "$TOF_NAMESPACE" delete pod --wait=true \
  -l "app.kubernetes.io/instance=$TOF_NAME,app.kubernetes.io/component=app"
k -n "$TOF_NAMESPACE" rollout status "deployment/$TOF_NAME" --timeout=5m
wait_ready
start_port_forward
check_nothing_lost "after the todo-app restart"

log "restarting the PostgreSQL pod"
stop_port_forward
k -n "$TOF_NAMESPACE" delete pod --wait=true "$TOF_NAME-postgres-0"
k -n "$TOF_NAMESPACE" rollout status "statefulset/$TOF_NAME-postgres" --timeout=5m
wait_ready
start_port_forward
check_nothing_lost "after the PostgreSQL restart"

printf '\n%d passed, 0 failed\n' "$PASSED"
