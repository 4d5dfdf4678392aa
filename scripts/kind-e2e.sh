#!/usr/bin/env bash
# shellcheck disable=SC2119  # the kind steps' optional arguments default to the example's resource
# End-to-end test on a real kind cluster: the images built from the Dockerfiles, the chart, and
# TaskOverflows whose pods really run. It checks, through the TaskOverflow's Service:
#   - the todo API (create, read, update, delete), and that no todo is lost (nor comes back)
#     across restarts of the todo-app pods and of the PostgreSQL pod;
#   - every pod of the operator and of the TaskOverflows is admitted under Pod Security
#     "restricted";
#   - an External TaskOverflow, pointed by a user's Secret at the first one's PostgreSQL, serves
#     the same todos;
#   - `helm upgrade` of the operator with a changed value restarts no todo or PostgreSQL pod;
#   - while todos are written, the service is back within 5 s of a restarted PostgreSQL being
#     ready, every write answered 201 is stored, and none is stored without its client knowing;
#   - a deleted connection Secret is written anew, and the service finds its todos with it;
#   - 12 todo pods share PostgreSQL's 100 connections: all ready, none refused;
#   - deleting a TaskOverflow keeps its data volume, where a new one of the same name finds its
#     todos; with deletionPolicy Delete nothing of theirs is left but the user's Secret;
#   - a stuck pod is named in the conditions within STUCK_WITHIN (60) s, one TaskOverflow per case
#     in a namespace of its own, all at once: a StorageClass that does not exist, an app or a
#     PostgreSQL image that cannot be pulled, an app that crash-loops, a data directory of another
#     PostgreSQL major.
#
#   scripts/kind-e2e.sh                  # own cluster "taskoverflow-e2e", deleted at the end
#   KEEP_CLUSTER=1 scripts/kind-e2e.sh   # keep it for a look (then KIND_CLUSTER=taskoverflow-e2e
#                                        # scripts/kind-demo-down.sh)
#   REUSE_CLUSTER=1 scripts/kind-e2e.sh  # run on a kept cluster instead of a new one
#
# Installs or builds what it needs (see scripts/lib/kind.sh). Prints TAP lines, timings as
# `# time` comments, and a final "N passed, N failed"; exits non-zero at the first failed check.
set -euo pipefail
cd "$(dirname "$0")/.."
KIND_CLUSTER=${KIND_CLUSTER:-taskoverflow-e2e}
APP_NAMESPACE=${APP_NAMESPACE:-taskoverflow-e2e}
LOCAL_PORT=${LOCAL_PORT:-18080}
EXTERNAL_PORT=${EXTERNAL_PORT:-18081}
# The restart gap the service may take after PostgreSQL is ready again.
MAX_RESTART_GAP=${MAX_RESTART_GAP:-5}
# How soon a stuck pod's cause must be in the TaskOverflow's conditions.
STUCK_WITHIN=${STUCK_WITHIN:-60}
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh

PASSED=0
KIND_CLUSTER_CREATED=0
LOAD_PID=
FIRST_PORT_FORWARD=

cleanup() {
  local status=$?
  stop_port_forward
  PORT_FORWARD_PID=$FIRST_PORT_FORWARD stop_port_forward
  if [[ -n $LOAD_PID ]]; then kill "$LOAD_PID" 2>/dev/null || true; fi
  if ((status != 0)); then printf '\n%d passed, 1 failed\n' "$PASSED"; fi
  if [[ "$KIND_CLUSTER_CREATED" == 1 && "${KEEP_CLUSTER:-0}" != 1 ]]; then
    log "deleting kind cluster $KIND_CLUSTER (KEEP_CLUSTER=1 keeps it)"
    kind delete cluster --name "$KIND_CLUSTER" >&2 || true
  fi
}

pass() {
  PASSED=$((PASSED + 1))
  printf 'ok %d - %s\n' "$PASSED" "$1"
}

fail() {
  printf 'not ok %d - %s\n' "$((PASSED + 1))" "$1"
  exit 1
}

# request METHOD PATH [JSON] [PORT]: sets STATUS and BODY (STATUS 000 when nothing answered).
request() {
  local method=$1 path=$2 json=${3:-} port=${4:-$LOCAL_PORT} out
  out=$(mktemp -t taskoverflow-e2e.XXXXXX)
  local args=(-sS --max-time 10 -o "$out" -w '%{http_code}' -X "$method")
  if [[ -n "$json" ]]; then
    args+=(-H 'Content-Type: application/json' --data "$json")
  fi
  STATUS=$(curl "${args[@]}" "http://localhost:$port$path" 2>/dev/null) || STATUS=000
  BODY=$(cat "$out")
  rm -f "$out"
}

# expect CODE WHAT: fails the test unless the last request answered CODE.
expect() {
  [[ "$STATUS" == "$1" ]] || fail "$2: expected HTTP $1, got $STATUS: $BODY"
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
  grep -q "\"title\":\"$MARKER keep\"" <<<"$BODY" || fail "$when: its title changed: $BODY"
  grep -q '"completed":true' <<<"$BODY" || fail "$when: its update was lost: $BODY"
  pass "$when: its title and update are intact"
  request GET "/api/v1/todos/$DROP_ID"
  expect 404 "$when: the deleted todo stays deleted"
  request GET /api/v1/todos
  expect 200 "$when: the list answers"
  [[ $(grep -o "\"title\":\"$MARKER [a-z]*\"" <<<"$BODY" | sort -u) == "\"title\":\"$MARKER keep\"" ]] ||
    fail "$when: the list should hold exactly the kept todo of this run: $BODY"
  pass "$when: the list holds exactly the kept todo"
}

# The UIDs of the pods of both TaskOverflows, one per line, sorted.
workload_pods() {
  k -n "$TOF_NAMESPACE" get pods -l app.kubernetes.io/name=taskoverflow \
    -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.uid}{"\n"}{end}' | sort
}

# Pod Security: every pod in NAMESPACE runs, and the API server finds none of them in breach of
# "restricted" when asked to re-check them (a dry-run change of the enforced version does that).
check_restricted() {
  local namespace=$1 what=$2 warnings not_running short
  warnings=$(k label --dry-run=server --overwrite namespace "$namespace" \
    pod-security.kubernetes.io/enforce-version=v1.34 2>&1 >/dev/null || true)
  [[ -z $warnings ]] || fail "$what: pods break Pod Security restricted: $warnings"
  not_running=$(k -n "$namespace" get pods --no-headers \
    -o custom-columns=NAME:.metadata.name,PHASE:.status.phase | awk '$2 != "Running"')
  [[ -z $not_running ]] || fail "$what: pods not running: $not_running"
  # A pod the API server refused never exists: its controller is then short of replicas.
  short=$(k -n "$namespace" get deployments,statefulsets --no-headers \
    -o custom-columns=NAME:.metadata.name,WANTED:.spec.replicas,READY:.status.readyReplicas |
    awk '$2 != $3')
  [[ -z $short ]] || fail "$what: controllers short of ready replicas: $short"
  [[ $(k -n "$namespace" get namespace "$namespace" \
    -o jsonpath='{.metadata.labels.pod-security\.kubernetes\.io/enforce}') == restricted ]] ||
    fail "$what: namespace $namespace does not enforce restricted"
  pass "$what: every pod runs under Pod Security restricted ($(k -n "$namespace" get pods --no-headers | wc -l) pods)"
}

# connection_hash OBJECT: the connection Secret's hash in OBJECT's pod template.
connection_hash() {
  k -n "$TOF_NAMESPACE" get "$1" -o jsonpath='{.spec.template.metadata.annotations.taskoverflow\.io/connection-hash}'
}

# PostgreSQL's own record of when it last began accepting connections, in epoch seconds.
postgres_ready_at() {
  local line
  line=$(k -n "$TOF_NAMESPACE" logs "$TOF_NAME-postgres-0" |
    grep 'database system is ready to accept connections' | tail -1)
  [[ -n $line ]] || return 1
  date -d "$(awk '{ print $1, $2, $3 }' <<<"$line")" +%s.%N
}

# stuck_taskoverflow NAMESPACE SPEC: the TaskOverflow "stuck" of one replica, with SPEC (YAML lines
# under spec:, two spaces in), in a restricted namespace of its own.
stuck_taskoverflow() {
  restricted_namespace "$1"
  k -n "$1" apply -f - >/dev/null <<YAML
apiVersion: taskoverflow.io/v1alpha1
kind: TaskOverflow
metadata:
  name: stuck
spec:
  replicas: 1
$2
YAML
}

# await_reason NAMESPACE CONDITION REASON PATTERN SINCE: waits until CONDITION of the TaskOverflow
# "stuck" in NAMESPACE is False with REASON and a message that matches PATTERN (grep -E), for at
# most STUCK_WITHIN s after SINCE (date +%s.%N). Prints "SECONDS MESSAGE", or what it last saw.
await_reason() {
  local namespace=$1 condition=$2 reason=$3 pattern=$4 since=$5 seen
  while :; do
    seen=$(k -n "$namespace" get taskoverflow stuck -o jsonpath="{range .status.conditions[?(@.type==\"$condition\")]}{.status}|{.reason}|{.message}{end}")
    if [[ $seen == "False|$reason|"* ]] && grep -qE -- "$pattern" <<<"${seen#*|*|}"; then
      awk -v s="$since" -v n="$(date +%s.%N)" -v m="${seen#*|*|}" 'BEGIN { printf "%.1f %s\n", n - s, m }'
      return 0
    fi
    if awk -v s="$since" -v n="$(date +%s.%N)" -v w="$STUCK_WITHIN" 'BEGIN { exit !(n - s > w) }'; then
      printf 'not within %s s; %s was: %s\n' "$STUCK_WITHIN" "$condition" "${seen:-absent}"
      return 1
    fi
    sleep 1
  done
}

# stuck_case NAMESPACE CONDITION REASON PATTERN SPEC: applies the case and waits for its reason.
stuck_case() {
  local since
  since=$(date +%s.%N)
  stuck_taskoverflow "$1" "$5"
  await_reason "$1" "$2" "$3" "$4" "$since"
}

# A PostgreSQL that finds a data directory of another major: the volume's PG_VERSION is rewritten
# to the major below the image's, then the pod restarts on it. The server's own check refuses it.
stuck_major_case() {
  local namespace=$1 major since
  stuck_taskoverflow "$namespace" ""
  k -n "$namespace" wait --for=condition=DatabaseReady taskoverflow/stuck --timeout=3m >/dev/null ||
    { echo "PostgreSQL never became ready"; return 1; }
  # shellcheck disable=SC2016  # expanded by the pod's shell, which has PGDATA
  major=$(k -n "$namespace" exec stuck-postgres-0 -- sh -c 'cat "$PGDATA/PG_VERSION"')
  k -n "$namespace" exec stuck-postgres-0 -- sh -c "echo $((major - 1)) >\"\$PGDATA/PG_VERSION\""
  since=$(date +%s.%N)
  k -n "$namespace" delete pod stuck-postgres-0 --wait=false >/dev/null
  await_reason "$namespace" DatabaseReady CrashLoopBackOff \
    "database files are incompatible with server.*initialized by PostgreSQL version $((major - 1)), which is not compatible with this version $major" \
    "$since"
}

require_tools
trap cleanup EXIT
# A cluster of this name left by an earlier run would carry its state into this one.
if [[ ${REUSE_CLUSTER:-0} != 1 ]] && kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
  log "deleting the kind cluster $KIND_CLUSTER left by an earlier run (REUSE_CLUSTER=1 keeps it)"
  kind delete cluster --name "$KIND_CLUSTER" >&2
fi
ensure_cluster
build_and_load_images
step "operator install" install_operator
applied_at=$(date +%s.%N)
apply_example
wait_ready
awk -v s="$applied_at" -v n="$(date +%s.%N)" 'BEGIN { printf "# time apply to Ready: %.1f s\n", n - s }'
start_port_forward
request GET /api/v1/todos
expect 200 "taskoverflow/$TOF_NAME is Ready and its Service lists the todos"
awk -v s="$applied_at" -v n="$(date +%s.%N)" 'BEGIN { printf "# time apply to first GET /api/v1/todos 200: %.1f s\n", n - s }'

log "exercising the todo API through service/$TOF_NAME"
MARKER="e2e-$(date +%s)-$RANDOM"
request POST /api/v1/todos "{\"title\":\"$MARKER keep\",\"description\":\"must survive restarts\"}"
expect 201 "create a todo"
KEEP_ID=$(todo_id)
request POST /api/v1/todos "{\"title\":\"$MARKER drop\"}"
expect 201 "create a second todo"
DROP_ID=$(todo_id)
[[ -n "$KEEP_ID" && -n "$DROP_ID" && "$KEEP_ID" != "$DROP_ID" ]] ||
  fail "the created todos have no distinct ids: $KEEP_ID, $DROP_ID"
request GET "/api/v1/todos/$KEEP_ID"
expect 200 "read it back"
request PUT "/api/v1/todos/$KEEP_ID" '{"completed":true}'
expect 200 "mark it completed"
request DELETE "/api/v1/todos/$DROP_ID"
expect 200 "delete the second"
request POST /api/v1/todos '{"title":""}'
expect 400 "an empty title is refused"
check_nothing_lost "before any restart"

log "an External TaskOverflow on the first one's PostgreSQL, through a Secret of the user's"
# The connection URI the operator generated for the first one, copied still encoded: no
# password on a command line or in this script's output.
k -n "$TOF_NAMESPACE" get secret "$TOF_NAME-db" -o go-template='apiVersion: v1
kind: Secret
metadata:
  name: team-db
data:
  uri: {{ index .data "uri" }}
' | k -n "$TOF_NAMESPACE" apply -f - >/dev/null
k -n "$TOF_NAMESPACE" apply -f - >/dev/null <<'YAML'
apiVersion: taskoverflow.io/v1alpha1
kind: TaskOverflow
metadata:
  name: shared
spec:
  replicas: 1
  database:
    mode: External
    external:
      secretRef:
        name: team-db
YAML
wait_ready shared
pass "the External TaskOverflow is Ready"
FIRST_PORT_FORWARD=$PORT_FORWARD_PID
start_port_forward shared "$EXTERNAL_PORT"
request GET "/api/v1/todos/$KEEP_ID" "" "$EXTERNAL_PORT"
expect 200 "the External TaskOverflow serves the first one's todo"
grep -q "\"title\":\"$MARKER keep\"" <<<"$BODY" || fail "it answered another todo: $BODY"
stop_port_forward
PORT_FORWARD_PID=$FIRST_PORT_FORWARD
FIRST_PORT_FORWARD=

check_restricted "$OPERATOR_NAMESPACE" "the operator"
check_restricted "$TOF_NAMESPACE" "both TaskOverflows"

log "helm upgrade of the operator with a changed value"
pods_before=$(workload_pods)
(($(wc -l <<<"$pods_before") == 3)) || fail "expected 3 workload pods before the upgrade: $pods_before"
step "operator upgrade" install_operator --set reconcileConcurrency=5
# The new operator reconciles every resource when it starts; give it time to do so.
sleep 20
k -n "$TOF_NAMESPACE" wait --for=condition=Ready taskoverflow --all --timeout=60s >/dev/null ||
  fail "a TaskOverflow is not Ready after the upgrade"
[[ $(workload_pods) == "$pods_before" ]] ||
  fail "the upgrade restarted workload pods: before $pods_before, after $(workload_pods)"
pass "helm upgrade restarted no todo or PostgreSQL pod"

log "restarting the todo-app pods"
stop_port_forward
k -n "$TOF_NAMESPACE" delete pod --wait=true \
  -l "app.kubernetes.io/instance=$TOF_NAME,app.kubernetes.io/component=app" >&2
k -n "$TOF_NAMESPACE" rollout status "deployment/$TOF_NAME" --timeout=5m >&2
wait_ready
start_port_forward
check_nothing_lost "after the todo-app restart"

log "restarting the PostgreSQL pod while todos are written"
load_log=$(mktemp -t taskoverflow-load.XXXXXX)
# One write every 0.1 s for up to 3 minutes; each line: time status number answer-kind, where the
# answer kind says whether a failure came with the API's JSON error. The client waits long
# enough (15 s) for the service's own timeouts to answer.
(
  end=$((SECONDS + 180)) n=0 body=$(mktemp -t taskoverflow-write.XXXXXX)
  while ((SECONDS < end)); do
    n=$((n + 1))
    code=$(curl -s -o "$body" --max-time 15 -w '%{http_code}' -H 'Content-Type: application/json' \
      --data "{\"title\":\"$MARKER-w $n\"}" "http://localhost:$LOCAL_PORT/api/v1/todos" || true)
    kind=none
    if grep -q '^{"error":"' "$body"; then kind=json; elif [[ -s $body ]]; then kind=other; fi
    printf '%s %s %s %s\n' "$(date +%s.%N)" "${code:-000}" "$n" "$kind"
    sleep 0.1
  done
  rm -f "$body"
) >"$load_log" &
LOAD_PID=$!
sleep 2
deleted_at=$(date +%s.%N)
k -n "$TOF_NAMESPACE" delete pod --wait=true "$TOF_NAME-postgres-0" >&2
k -n "$TOF_NAMESPACE" rollout status "statefulset/$TOF_NAME-postgres" --timeout=5m >&2
ready_at=
for _ in $(seq 1 60); do
  ready_at=$(postgres_ready_at || true)
  [[ -n $ready_at ]] && awk -v r="$ready_at" -v d="$deleted_at" 'BEGIN { exit !(r > d) }' && break
  ready_at=
  sleep 1
done
[[ -n $ready_at ]] || fail "the new PostgreSQL pod never logged that it accepts connections"
sleep $((MAX_RESTART_GAP + 5))
kill "$LOAD_PID" 2>/dev/null || true
wait "$LOAD_PID" 2>/dev/null || true
LOAD_PID=
back_at=$(awk -v r="$ready_at" '$1 > r && $2 == 201 { print $1; exit }' "$load_log")
[[ -n $back_at ]] || fail "the service did not accept a write within $((MAX_RESTART_GAP + 5)) s of PostgreSQL being ready"
gap=$(awk -v b="$back_at" -v r="$ready_at" 'BEGIN { printf "%.1f", b - r }')
printf '# restart gap: %s s from PostgreSQL accepting connections to the first write answered 201\n' "$gap"
awk -v g="$gap" -v m="$MAX_RESTART_GAP" 'BEGIN { exit !(g <= m) }' ||
  fail "the service came back ${gap} s after PostgreSQL, more than $MAX_RESTART_GAP s"
pass "the service is back ${gap} s after PostgreSQL accepts connections again"

# Every write answered 201 is there; every other one is absent, or was answered 5xx with the
# API's JSON error, so that its client knew it may not have happened.
request GET /api/v1/todos
expect 200 "the list answers after the restart"
stored=$(mktemp -t taskoverflow-stored.XXXXXX)
grep -o "\"title\":\"$MARKER-w [0-9]*\"" <<<"$BODY" | grep -o '[0-9]*"$' | tr -d '"' | sort -n >"$stored"
read -r acked lost failed failed_json failed_present silent bad_answer < <(awk -v stored="$stored" '
  BEGIN { while ((getline n < stored) > 0) present[n] = 1 }
  $2 == 201 { acked++; if (!($3 in present)) lost++; next }
  {
    failed++
    answered_json = $2 ~ /^5/ && $4 == "json"
    if (answered_json) failed_json++; else if ($2 != "000") bad_answer++
    if ($3 in present) { failed_present++; if (!answered_json) silent++ }
  }
  END { printf "%d %d %d %d %d %d %d\n", acked, lost, failed, failed_json, failed_present, silent, bad_answer }' "$load_log")
rm -f "$stored" "$load_log"
printf '# writes during the restart: %d answered 201 (%d of them missing), %d failed (%d answered 5xx JSON; %d of the failed are stored, %d of those without a 5xx JSON answer)\n' \
  "$acked" "$lost" "$failed" "$failed_json" "$failed_present" "$silent"
((acked > 0 && lost == 0)) || fail "$lost of $acked acknowledged writes are missing"
((silent == 0)) || fail "$silent writes were stored although their client was told neither 201 nor a 5xx JSON error"
((bad_answer == 0)) || fail "$bad_answer failed writes were answered with something other than a 5xx JSON error"
pass "no acknowledged write lost, no silent write ($acked acknowledged, $failed failed)"
wait_ready
check_nothing_lost "after the PostgreSQL restart"

# The External TaskOverflow has done its part; its copy of the credentials would go stale below.
k -n "$TOF_NAMESPACE" delete taskoverflow shared --wait=true --timeout=2m >&2

log "deleting the connection Secret $TOF_NAME-db by mistake"
stop_port_forward
secret_uid=$(k -n "$TOF_NAMESPACE" get secret "$TOF_NAME-db" -o jsonpath='{.metadata.uid}')
postgres_hash=$(connection_hash "statefulset/$TOF_NAME-postgres")
k -n "$TOF_NAMESPACE" delete secret "$TOF_NAME-db" >&2
for _ in $(seq 1 60); do
  [[ $(connection_hash "statefulset/$TOF_NAME-postgres") != "$postgres_hash" ]] && break
  sleep 1
done
[[ $(k -n "$TOF_NAMESPACE" get secret "$TOF_NAME-db" -o jsonpath='{.metadata.uid}') != "$secret_uid" ]] ||
  fail "the operator did not write the connection Secret anew"
[[ $(connection_hash "statefulset/$TOF_NAME-postgres") != "$postgres_hash" ]] ||
  fail "PostgreSQL was not restarted with the new connection Secret"
k -n "$TOF_NAMESPACE" rollout status "statefulset/$TOF_NAME-postgres" --timeout=5m >&2
k -n "$TOF_NAMESPACE" rollout status "deployment/$TOF_NAME" --timeout=5m >&2
wait_ready
start_port_forward
check_nothing_lost "after the connection Secret was deleted and written anew"

log "more todo pods than PostgreSQL's 100 connections allowed at 10 each"
stop_port_forward
BUDGET_REPLICAS=${BUDGET_REPLICAS:-12}
k -n "$TOF_NAMESPACE" patch taskoverflow "$TOF_NAME" --type merge -p "{\"spec\":{\"replicas\":$BUDGET_REPLICAS,
  \"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"128Mi\"},\"limits\":{\"memory\":\"384Mi\"}}}}" >&2
# The smaller pool is rolled out first, then the Deployment scales up.
for _ in $(seq 1 120); do
  [[ $(k -n "$TOF_NAMESPACE" get deployment "$TOF_NAME" -o jsonpath='{.spec.replicas}') == "$BUDGET_REPLICAS" ]] && break
  sleep 1
done
k -n "$TOF_NAMESPACE" rollout status "deployment/$TOF_NAME" --timeout=8m >&2 ||
  fail "$BUDGET_REPLICAS todo pods did not all become ready"
pool=$(k -n "$TOF_NAMESPACE" get deployment "$TOF_NAME" \
  -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="DB_POOL_SIZE")].value}')
# shellcheck disable=SC2016  # expanded by the pod's shell, which has the variables
sessions=$(k -n "$TOF_NAMESPACE" exec "$TOF_NAME-postgres-0" -- \
  sh -c 'psql -h /var/run/postgresql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "select count(*) from pg_stat_activity where application_name = '\''taskoverflow'\''"')
refused=$(k -n "$TOF_NAMESPACE" logs "$TOF_NAME-postgres-0" | grep -c 'too many clients' || true)
printf '# connection budget: %s ready pods with a pool of %s each hold %s connections of max_connections 100; %s refused\n' \
  "$(k -n "$TOF_NAMESPACE" get deployment "$TOF_NAME" -o jsonpath='{.status.readyReplicas}')" "$pool" "$sessions" "$refused"
((refused == 0)) || fail "PostgreSQL refused $refused connections: too many clients"
((sessions <= 95)) || fail "the todo pods hold $sessions connections, more than the 95 they may"
pass "$BUDGET_REPLICAS todo pods are ready within PostgreSQL's connections (pool $pool each, $sessions held)"
k -n "$TOF_NAMESPACE" patch taskoverflow "$TOF_NAME" --type merge -p '{"spec":{"replicas":1}}' >&2

log "deleting and re-creating the TaskOverflows: the in-cluster volume is kept by default"
k -n "$TOF_NAMESPACE" delete taskoverflow "$TOF_NAME" --wait=true --timeout=2m >&2
volume=data-$TOF_NAME-postgres-0
volume_uid=$(k -n "$TOF_NAMESPACE" get pvc "$volume" -o jsonpath='{.metadata.uid}' 2>/dev/null) ||
  fail "the data volume $volume was deleted with its TaskOverflow"
for _ in $(seq 1 60); do
  [[ -z $(k -n "$TOF_NAMESPACE" get statefulsets,pods,secrets -l "app.kubernetes.io/instance=$TOF_NAME" -o name) ]] && break
  sleep 2
done
[[ -z $(k -n "$TOF_NAMESPACE" get statefulsets,pods,secrets -l "app.kubernetes.io/instance=$TOF_NAME" -o name) ]] ||
  fail "the TaskOverflow's objects outlived it"
pass "deleting the TaskOverflow kept its data volume $volume and nothing else"
apply_example
wait_ready
[[ $(k -n "$TOF_NAMESPACE" get pvc "$volume" -o jsonpath='{.metadata.uid}') == "$volume_uid" ]] ||
  fail "the new TaskOverflow has a new volume"
start_port_forward
check_nothing_lost "after deleting and re-creating the TaskOverflow"

log "deleting the TaskOverflow with deletionPolicy Delete"
stop_port_forward
k -n "$TOF_NAMESPACE" patch taskoverflow "$TOF_NAME" --type merge \
  -p '{"spec":{"database":{"inCluster":{"deletionPolicy":"Delete"}}}}' >&2
for _ in $(seq 1 60); do
  [[ -n $(k -n "$TOF_NAMESPACE" get pvc "$volume" -o jsonpath='{.metadata.ownerReferences[0].name}') ]] && break
  sleep 1
done
k -n "$TOF_NAMESPACE" delete taskoverflow "$TOF_NAME" --wait=true --timeout=2m >&2
leftover=""
for _ in $(seq 1 60); do
  leftover=$(k -n "$TOF_NAMESPACE" get deployments,statefulsets,services,secrets,configmaps,persistentvolumeclaims,pods,ingresses \
    -l app.kubernetes.io/name=taskoverflow -o name 2>/dev/null)
  leftover+=$(k -n "$TOF_NAMESPACE" get secrets,persistentvolumeclaims -o name 2>/dev/null |
    grep -E "^(secret|persistentvolumeclaim)/.*($TOF_NAME|shared)-" || true)
  leftover+=$(k get persistentvolumes \
    -o jsonpath="{range .items[?(@.spec.claimRef.namespace==\"$TOF_NAMESPACE\")]}{.metadata.name} {end}")
  [[ -z $leftover ]] && break
  sleep 2
done
[[ -z $leftover ]] || fail "left behind after the deletion: $leftover"
k -n "$TOF_NAMESPACE" get secret team-db >/dev/null 2>&1 || fail "the user's Secret team-db was deleted"
pass "deleting with deletionPolicy Delete left only the user's Secret"

log "stuck pods: their cause in the conditions within $STUCK_WITHIN s"
stuck_log=$(mktemp -d -t taskoverflow-stuck.XXXXXX)
stuck_started=$(date +%s.%N)
declare -A stuck_what=(
  [e2e-stuck-volume]="a StorageClass that does not exist: DatabaseReady VolumePending"
  [e2e-stuck-dbpull]="a PostgreSQL image that cannot be pulled: DatabaseReady ImagePullFailed"
  [e2e-stuck-pull]="an app image that cannot be pulled: AppReady ImagePullFailed"
  [e2e-stuck-crash]="an app that crash-loops: AppReady CrashLoopBackOff"
  [e2e-stuck-major]="a data directory of another PostgreSQL major: DatabaseReady CrashLoopBackOff"
)
declare -A stuck_pid=()
stuck_case e2e-stuck-volume DatabaseReady VolumePending 'StorageClass "no-such-class"' '  database:
    inCluster:
      storageClassName: no-such-class' >"$stuck_log/e2e-stuck-volume" 2>&1 &
stuck_pid[e2e-stuck-volume]=$!
stuck_case e2e-stuck-dbpull DatabaseReady ImagePullFailed \
  'image "registry.invalid/taskoverflow/postgres:missing" \((ErrImagePull|ImagePullBackOff)\)' '  database:
    inCluster:
      image: registry.invalid/taskoverflow/postgres:missing' >"$stuck_log/e2e-stuck-dbpull" 2>&1 &
stuck_pid[e2e-stuck-dbpull]=$!
stuck_case e2e-stuck-pull AppReady ImagePullFailed \
  'image "registry.invalid/taskoverflow/todo:missing" \((ErrImagePull|ImagePullBackOff)\)' \
  '  image: registry.invalid/taskoverflow/todo:missing' >"$stuck_log/e2e-stuck-pull" 2>&1 &
stuck_pid[e2e-stuck-pull]=$!
# The PostgreSQL image as the app: its entrypoint, without a password, exits at once.
stuck_case e2e-stuck-crash AppReady CrashLoopBackOff 'exited with code [1-9][0-9]*: .+' \
  "  image: $POSTGRES_IMAGE" >"$stuck_log/e2e-stuck-crash" 2>&1 &
stuck_pid[e2e-stuck-crash]=$!
stuck_major_case e2e-stuck-major >"$stuck_log/e2e-stuck-major" 2>&1 &
stuck_pid[e2e-stuck-major]=$!
stuck_failed=
for namespace in e2e-stuck-volume e2e-stuck-dbpull e2e-stuck-pull e2e-stuck-crash e2e-stuck-major; do
  if wait "${stuck_pid[$namespace]}"; then
    read -r seconds message < <(tail -n 1 "$stuck_log/$namespace")
    printf '# time %s: %s s (%s)\n' "${stuck_what[$namespace]##*: }" "$seconds" "$message"
    pass "${stuck_what[$namespace]} after $seconds s"
  else
    printf '# %s: %s\n' "${stuck_what[$namespace]}" "$(tail -n 5 "$stuck_log/$namespace")"
    k -n "$namespace" get pods -o wide >&2 || true
    stuck_failed+=" $namespace"
  fi
done
rm -rf "$stuck_log"
awk -v s="$stuck_started" -v n="$(date +%s.%N)" 'BEGIN { printf "# time stuck pods, five cases at once: %.1f s\n", n - s }'
[[ -z $stuck_failed ]] || fail "a stuck pod's cause did not reach the conditions in time:$stuck_failed"
k delete namespace e2e-stuck-volume e2e-stuck-dbpull e2e-stuck-pull e2e-stuck-crash e2e-stuck-major \
  --wait=false >/dev/null

printf '\n%d passed, 0 failed\n' "$PASSED"
