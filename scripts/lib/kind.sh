# shellcheck shell=bash
# The steps of the kind quickstart, shared by kind-demo.sh, kind-e2e.sh and kind-demo-down.sh.
# Sourced from the repository root, after `set -euo pipefail`. Every setting can be overridden
# from the environment.

# Functions run inside $(…) stop at a failure too (bash 4.4+; older bash relies on the explicit
# `|| die` in those functions).
shopt -s inherit_errexit 2>/dev/null || true

# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/go-build.sh
source scripts/lib/go-build.sh
# shellcheck source=scripts/lib/cluster-tools.sh
source scripts/lib/cluster-tools.sh
# shellcheck source=scripts/lib/docker.sh
source scripts/lib/docker.sh
# shellcheck source=scripts/lib/images.sh
source scripts/lib/images.sh

KIND_CLUSTER=${KIND_CLUSTER:-taskoverflow}
OPERATOR_NAMESPACE=${OPERATOR_NAMESPACE:-taskoverflow-system}
# Where the example's TaskOverflow goes.
APP_NAMESPACE=${APP_NAMESPACE:-default}
RELEASE=${RELEASE:-taskoverflow-operator}
EXAMPLE=${EXAMPLE:-examples/taskoverflow-local.yaml}
LOCAL_PORT=${LOCAL_PORT:-8080}
READY_TIMEOUT=${READY_TIMEOUT:-10m}
# A node image of your choice; empty: the published one, or one built here where it cannot be pulled.
KIND_NODE_IMAGE=${KIND_NODE_IMAGE:-}

KIND_CONTEXT="kind-$KIND_CLUSTER"

# kubectl and helm always name the kind cluster's context: the user's current context is never
# used, nor changed.
k() { kubectl --context "$KIND_CONTEXT" "$@"; }
h() { helm --kube-context "$KIND_CONTEXT" "$@"; }
run_kind() { with_kind_docker kind "$@"; }

# step NAME COMMAND...: runs COMMAND and prints how long it took (on stderr, so that a step's
# own output can be captured), as a TAP comment: the figures in docs/benchmarks.md come from it.
step() {
  local name=$1 started
  shift
  started=$(date +%s.%N)
  "$@"
  awk -v name="$name" -v started="$started" -v now="$(date +%s.%N)" \
    'BEGIN { printf "# time %s: %.1f s\n", name, now - started }' >&2
}

# Everything the cluster needs on this machine: a Docker daemon (installed and started on a root
# Debian machine), kind, helm, kubectl and curl (built or installed where missing).
require_tools() {
  [[ -f "$EXAMPLE" ]] || die "$EXAMPLE not found (run from a checkout of the repository)"
  ensure_docker_engine
  ensure_cluster_tools
}

# Creates the kind cluster (and sets KIND_CLUSTER_CREATED=1), or reuses it when it exists.
ensure_cluster() {
  if kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
    log "reusing kind cluster $KIND_CLUSTER"
  else
    local config
    config=$(mktemp -t taskoverflow-kind.XXXXXX)
    printf 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n' >"$config"
    local image=$KIND_NODE_IMAGE firewall=0
    if [[ -z $image ]] && image_available "$PUBLIC_NODE_IMAGE"; then
      image=$PUBLIC_NODE_IMAGE
    elif [[ -z $image ]]; then
      log "kindest/node cannot be pulled: building a node image here (the first time takes minutes)"
      image=$(step "node image" scripts/kind-node-image.sh)
      # kindnetd cannot be built here; the node image's bridge CNI configuration serves instead,
      # and kube-router's firewall enforces NetworkPolicy as kindnetd would.
      printf 'networking:\n  disableDefaultCNI: true\n' >>"$config"
      firewall=1
    fi
    log "creating kind cluster $KIND_CLUSTER from $image"
    step "cluster create" run_kind create cluster --name "$KIND_CLUSTER" --image "$image" \
      --config "$config" --wait 180s
    rm -f "$config"
    if ((firewall)); then start_netpol_firewall; fi
    # shellcheck disable=SC2034  # read by kind-e2e.sh, which deletes only a cluster it created
    KIND_CLUSTER_CREATED=1
  fi
  k cluster-info >/dev/null || die "cannot reach the cluster with context $KIND_CONTEXT"
}

# kube-router's NetworkPolicy firewall (images/kube-router), whose image is in the locally built
# node image. It starts while the images build; install_operator waits for it, so that its rules
# are in place before the first workload.
NETPOL_FIREWALL_STARTED=0
start_netpol_firewall() {
  log "starting the NetworkPolicy firewall (kube-router) in $KIND_CLUSTER"
  k apply -f images/kube-router/kube-router.yaml >/dev/null
  NETPOL_FIREWALL_STARTED=1
}

wait_netpol_firewall() {
  if ! k -n kube-system rollout status daemonset/kube-router --timeout=2m >/dev/null; then
    k -n kube-system get pods -l k8s-app=kube-router -o wide >&2 || true
    k -n kube-system logs daemonset/kube-router --tail=50 >&2 || true
    die "the NetworkPolicy firewall did not become ready (pods and logs above)"
  fi
}

# build_image MODULE REPOSITORY: builds MODULE/Dockerfile (context: the repository root) and
# prints the image name, tagged with the image's own ID: a changed image gets a new tag, so the
# helm upgrade below rolls it out, and an unchanged one does not restart anything.
build_image() {
  local module=$1 repository=$2 id
  log "building $repository from $module/Dockerfile (the first build downloads Maven dependencies)"
  local output
  output=$(mktemp -t taskoverflow-build.XXXXXX)
  if ! docker_build "${BASE_IMAGE_ARGS[@]}" --label io.taskoverflow.kind-build=true \
    -f "$module/Dockerfile" -t "$repository:kind-build" . >"$output" 2>&1; then
    tail -n 60 "$output" >&2
    rm -f "$output"
    die "docker build of $module/Dockerfile failed (output above)"
  fi
  rm -f "$output"
  id=$(docker image inspect --format '{{.Id}}' "$repository:kind-build") ||
    die "the image $repository:kind-build was not built"
  id=${id#sha256:}
  docker tag "$repository:kind-build" "$repository:${id:0:12}" || die "docker tag failed"
  # Builds of earlier days live on in the clusters they were loaded into, not here.
  docker image prune -af --filter label=io.taskoverflow.kind-build --filter until=24h >/dev/null || true
  printf '%s:%s\n' "$repository" "${id:0:12}"
}

# Builds both images, picks the PostgreSQL image and loads all three into the node; sets
# OPERATOR_IMAGE, TODO_IMAGE and POSTGRES_IMAGE.
build_and_load_images() {
  resolve_app_images
  OPERATOR_IMAGE=$(step "operator image build" build_image operator taskoverflow-operator)
  TODO_IMAGE=$(step "todo-app image build" build_image todo-app taskoverflow-todo)
  log "loading images into kind: $OPERATOR_IMAGE $TODO_IMAGE $POSTGRES_IMAGE"
  step "image load" run_kind load docker-image --name "$KIND_CLUSTER" \
    "$OPERATOR_IMAGE" "$TODO_IMAGE" "$POSTGRES_IMAGE" >/dev/null
}

# restricted_namespace NAME: creates the namespace if needed and has the API server refuse every
# pod in it that does not meet Pod Security "restricted".
restricted_namespace() {
  k get namespace "$1" >/dev/null 2>&1 || k create namespace "$1" >/dev/null
  k label namespace "$1" --overwrite pod-security.kubernetes.io/enforce=restricted >/dev/null
}

# Installs or upgrades the chart with the images just loaded (never pulled: they exist only in
# the node), and waits for the operator. Extra arguments go to helm.
install_operator() {
  if ((NETPOL_FIREWALL_STARTED)); then step "network policy firewall wait" wait_netpol_firewall; fi
  log "installing the operator chart (release $RELEASE in namespace $OPERATOR_NAMESPACE)"
  restricted_namespace "$OPERATOR_NAMESPACE"
  h upgrade --install "$RELEASE" ./helm/taskoverflow-operator --namespace "$OPERATOR_NAMESPACE" \
    --set image.repository="${OPERATOR_IMAGE%:*}" \
    --set-string image.tag="${OPERATOR_IMAGE##*:}" \
    --set image.pullPolicy=Never \
    --set todoApp.image.repository="${TODO_IMAGE%:*}" \
    --set-string todoApp.image.tag="${TODO_IMAGE##*:}" \
    --set postgres.image.repository="${POSTGRES_IMAGE%:*}" \
    --set-string postgres.image.tag="${POSTGRES_IMAGE##*:}" "$@" >/dev/null
  wait_operator
}

wait_operator() {
  local deployment
  deployment=$(k -n "$OPERATOR_NAMESPACE" get deployment \
    -l "app.kubernetes.io/instance=$RELEASE" -o name)
  [[ -n "$deployment" ]] || die "the chart installed no operator Deployment"
  if ! k -n "$OPERATOR_NAMESPACE" rollout status "$deployment" --timeout=5m >&2; then
    k -n "$OPERATOR_NAMESPACE" get pods -o wide >&2 || true
    k -n "$OPERATOR_NAMESPACE" logs "$deployment" --tail=50 >&2 || true
    die "the operator did not become ready (pods and logs above)"
  fi
}

# Applies the example into APP_NAMESPACE and sets TOF_NAMESPACE and TOF_NAME.
apply_example() {
  log "applying $EXAMPLE in namespace $APP_NAMESPACE"
  restricted_namespace "$APP_NAMESPACE"
  k -n "$APP_NAMESPACE" apply -f "$EXAMPLE" >&2
  local found
  found=$(k -n "$APP_NAMESPACE" get -f "$EXAMPLE" --no-headers \
    -o custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name |
    awk '$1 == "TaskOverflow" { print $2, $3; exit }')
  [[ -n "$found" ]] || die "$EXAMPLE holds no TaskOverflow"
  read -r TOF_NAMESPACE TOF_NAME <<<"$found"
}

# wait_ready [NAME]: waits for the TaskOverflow's Ready condition; on a timeout shows why.
wait_ready() {
  local name=${1:-$TOF_NAME}
  log "waiting for taskoverflow/$name to become Ready (up to $READY_TIMEOUT)"
  if ! k -n "$TOF_NAMESPACE" wait --for=condition=Ready "taskoverflow/$name" \
    --timeout="$READY_TIMEOUT" >&2; then
    k -n "$TOF_NAMESPACE" describe "taskoverflow/$name" >&2 || true
    k -n "$TOF_NAMESPACE" get pods -o wide >&2 || true
    die "taskoverflow/$name is not Ready (status, events and pods above)"
  fi
}

# start_port_forward [NAME] [PORT]: `kubectl port-forward` to the TaskOverflow's Service on PORT
# (LOCAL_PORT by default) in the background (PORT_FORWARD_PID), once the todo service answers.
start_port_forward() {
  local name=${1:-$TOF_NAME} local_port=${2:-$LOCAL_PORT} port log
  port=$(k -n "$TOF_NAMESPACE" get service "$name" -o jsonpath='{.spec.ports[0].port}')
  log=$(mktemp -t taskoverflow-port-forward.XXXXXX)
  # kubectl itself in the background (not through k, which would leave a subshell's PID in $!):
  # stop_port_forward must end the process that holds the port.
  kubectl --context "$KIND_CONTEXT" -n "$TOF_NAMESPACE" port-forward "service/$name" \
    "$local_port:$port" >"$log" 2>&1 &
  PORT_FORWARD_PID=$!
  local attempt
  for attempt in $(seq 1 60); do
    if curl -fsS --max-time 2 "http://localhost:$local_port/api/v1/ready" >/dev/null 2>&1; then
      rm -f "$log"
      return 0
    fi
    if ! kill -0 "$PORT_FORWARD_PID" 2>/dev/null; then
      cat "$log" >&2
      rm -f "$log"
      die "kubectl port-forward stopped (is port $local_port in use? try LOCAL_PORT=18080)"
    fi
    if ((attempt % 10 == 0)); then
      log "still waiting for the todo service on localhost:$local_port"
    fi
    sleep 1
  done
  cat "$log" >&2
  rm -f "$log"
  die "the todo service did not answer on localhost:$local_port"
}

stop_port_forward() {
  if [[ -n "${PORT_FORWARD_PID:-}" ]]; then
    kill "$PORT_FORWARD_PID" 2>/dev/null || true
    wait "$PORT_FORWARD_PID" 2>/dev/null || true
    PORT_FORWARD_PID=
  fi
}

# The port-forward `make demo` leaves running, ended before a new one takes the port and by
# `make demo-down`.
DEMO_PID_FILE=$CACHE_DIR/demo-port-forward.pid
stop_demo_port_forward() {
  [[ -f $DEMO_PID_FILE ]] || return 0
  local pid
  pid=$(cat "$DEMO_PID_FILE")
  if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == kubectl ]]; then
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$DEMO_PID_FILE"
}
