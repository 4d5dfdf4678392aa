# shellcheck shell=bash
# The steps of the kind quickstart, shared by kind-demo.sh, kind-e2e.sh and kind-demo-down.sh.
# Sourced from the repository root, after `set -euo pipefail`. Every setting can be overridden
# from the environment.

# Functions run inside $(…) stop at a failure too (bash 4.4+; older bash relies on the explicit
# `|| die` in those functions).
shopt -s inherit_errexit 2>/dev/null || true

KIND_CLUSTER=${KIND_CLUSTER:-taskoverflow}
OPERATOR_NAMESPACE=${OPERATOR_NAMESPACE:-taskoverflow-system}
RELEASE=${RELEASE:-taskoverflow-operator}
EXAMPLE=${EXAMPLE:-examples/taskoverflow-local.yaml}
LOCAL_PORT=${LOCAL_PORT:-8080}
READY_TIMEOUT=${READY_TIMEOUT:-10m}
# The in-cluster database image; loaded into kind beforehand so the node need not pull it.
POSTGRES_REPOSITORY=${POSTGRES_REPOSITORY:-postgres}
POSTGRES_TAG=${POSTGRES_TAG:-17-alpine}

KIND_CONTEXT="kind-$KIND_CLUSTER"

log() { printf '\n==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# kubectl and helm always name the kind cluster's context: the user's current context is never
# used, nor changed.
k() { kubectl --context "$KIND_CONTEXT" "$@"; }
h() { helm --kube-context "$KIND_CONTEXT" "$@"; }

# require_tool NAME HOW_TO_GET_IT: prints the hint and returns 1 when NAME is not on the PATH.
require_tool() {
  if ! command -v "$1" >/dev/null 2>&1; then
    printf 'missing: %s — %s\n' "$1" "$2" >&2
    return 1
  fi
}

# Checks docker, kind, kubectl and helm all at once, so that one run lists everything missing.
require_tools() {
  local missing=0
  require_tool docker "a container engine for kind's node and the image builds: https://docs.docker.com/get-docker/" || missing=1
  require_tool kind "Kubernetes in Docker: https://kind.sigs.k8s.io/docs/user/quick-start/#installation" || missing=1
  require_tool kubectl "https://kubernetes.io/docs/tasks/tools/#kubectl" || missing=1
  require_tool helm "Helm 3: https://helm.sh/docs/intro/install/" || missing=1
  require_tool curl "your package manager's curl" || missing=1
  ((missing == 0)) || die "install the tools above, then run this again"
  docker info >/dev/null 2>&1 ||
    die "docker is installed but its daemon does not answer: start Docker (or check that this user may use it)"
  [[ -f "$EXAMPLE" ]] || die "$EXAMPLE not found (run from a checkout of the repository)"
}

# Creates the kind cluster (and sets KIND_CLUSTER_CREATED=1), or reuses it when it exists.
ensure_cluster() {
  if kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
    log "reusing kind cluster $KIND_CLUSTER"
  else
    log "creating kind cluster $KIND_CLUSTER (a minute or two)"
    kind create cluster --name "$KIND_CLUSTER" --wait 180s
    # shellcheck disable=SC2034  # read by kind-e2e.sh, which deletes only a cluster it created
    KIND_CLUSTER_CREATED=1
  fi
  k cluster-info >/dev/null || die "cannot reach the cluster with context $KIND_CONTEXT"
}

# build_image MODULE REPOSITORY: builds MODULE/Dockerfile (context: the repository root) and
# prints the image name, tagged with the image's own ID: a changed image gets a new tag, so the
# helm upgrade below rolls it out, and an unchanged one does not restart anything.
build_image() {
  local module=$1 repository=$2 id
  log "building $repository from $module/Dockerfile (the first build downloads Maven dependencies)"
  DOCKER_BUILDKIT=1 docker build -f "$module/Dockerfile" -t "$repository:kind-build" . >&2 ||
    die "docker build of $module/Dockerfile failed (output above)"
  id=$(docker image inspect --format '{{.Id}}' "$repository:kind-build") ||
    die "the image $repository:kind-build was not built"
  id=${id#sha256:}
  docker tag "$repository:kind-build" "$repository:${id:0:12}" || die "docker tag failed"
  printf '%s:%s\n' "$repository" "${id:0:12}"
}

# load_images IMAGE...: copies local images into the kind node (skipped for those already there).
load_images() {
  log "loading images into kind: $*"
  kind load docker-image --name "$KIND_CLUSTER" "$@"
}

# Builds both images and the PostgreSQL image and loads them into the node; sets OPERATOR_IMAGE
# and TODO_IMAGE.
build_and_load_images() {
  OPERATOR_IMAGE=$(build_image operator taskoverflow-operator)
  TODO_IMAGE=$(build_image todo-app taskoverflow-todo)
  local postgres="$POSTGRES_REPOSITORY:$POSTGRES_TAG"
  if ! docker image inspect "$postgres" >/dev/null 2>&1; then
    log "pulling $postgres"
    docker pull "$postgres" >&2
  fi
  load_images "$OPERATOR_IMAGE" "$TODO_IMAGE" "$postgres"
}

# Installs or upgrades the chart with the images just loaded (never pulled: they exist only in
# the node), and waits for the operator.
install_operator() {
  log "installing the operator chart (release $RELEASE in namespace $OPERATOR_NAMESPACE)"
  h upgrade --install "$RELEASE" ./helm/taskoverflow-operator \
    --namespace "$OPERATOR_NAMESPACE" --create-namespace \
    --set image.repository="${OPERATOR_IMAGE%:*}" \
    --set-string image.tag="${OPERATOR_IMAGE##*:}" \
    --set image.pullPolicy=Never \
    --set todoApp.image.repository="${TODO_IMAGE%:*}" \
    --set-string todoApp.image.tag="${TODO_IMAGE##*:}" \
    --set postgres.image.repository="$POSTGRES_REPOSITORY" \
    --set-string postgres.image.tag="$POSTGRES_TAG" >/dev/null
  local deployment
  deployment=$(k -n "$OPERATOR_NAMESPACE" get deployment \
    -l "app.kubernetes.io/instance=$RELEASE" -o name)
  [[ -n "$deployment" ]] || die "the chart installed no operator Deployment"
  if ! k -n "$OPERATOR_NAMESPACE" rollout status "$deployment" --timeout=5m; then
    k -n "$OPERATOR_NAMESPACE" get pods -o wide >&2 || true
    k -n "$OPERATOR_NAMESPACE" logs "$deployment" --tail=50 >&2 || true
    die "the operator did not become ready (pods and logs above)"
  fi
}

# Applies the example and sets TOF_NAMESPACE and TOF_NAME from the TaskOverflow in it.
apply_example() {
  log "applying $EXAMPLE"
  k apply -f "$EXAMPLE"
  local found
  found=$(k get -f "$EXAMPLE" --no-headers \
    -o custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name |
    awk '$1 == "TaskOverflow" { print $2, $3; exit }')
  [[ -n "$found" ]] || die "$EXAMPLE holds no TaskOverflow"
  read -r TOF_NAMESPACE TOF_NAME <<<"$found"
}

# Waits for the TaskOverflow's Ready condition; on a timeout shows why.
wait_ready() {
  log "waiting for taskoverflow/$TOF_NAME to become Ready (up to $READY_TIMEOUT)"
  if ! k -n "$TOF_NAMESPACE" wait --for=condition=Ready "taskoverflow/$TOF_NAME" \
    --timeout="$READY_TIMEOUT"; then
    k -n "$TOF_NAMESPACE" describe "taskoverflow/$TOF_NAME" >&2 || true
    k -n "$TOF_NAMESPACE" get pods -o wide >&2 || true
    die "taskoverflow/$TOF_NAME is not Ready (status, events and pods above)"
  fi
  k -n "$TOF_NAMESPACE" get taskoverflows
}

# Starts `kubectl port-forward` to the TaskOverflow's Service on LOCAL_PORT in the background
# (PORT_FORWARD_PID) and waits until the todo service answers through it.
start_port_forward() {
  local port log
  port=$(k -n "$TOF_NAMESPACE" get service "$TOF_NAME" -o jsonpath='{.spec.ports[0].port}')
  log=$(mktemp -t taskoverflow-port-forward.XXXXXX)
  # kubectl itself in the background (not through k, which would leave a subshell's PID in $!):
  # stop_port_forward must end the process that holds the port.
  kubectl --context "$KIND_CONTEXT" -n "$TOF_NAMESPACE" port-forward "service/$TOF_NAME" \
    "$LOCAL_PORT:$port" >"$log" 2>&1 &
  PORT_FORWARD_PID=$!
  local attempt
  for attempt in $(seq 1 60); do
    if curl -fsS --max-time 2 "http://localhost:$LOCAL_PORT/api/v1/ready" >/dev/null 2>&1; then
      rm -f "$log"
      return 0
    fi
    if ! kill -0 "$PORT_FORWARD_PID" 2>/dev/null; then
      cat "$log" >&2
      rm -f "$log"
      die "kubectl port-forward stopped (is port $LOCAL_PORT in use? try LOCAL_PORT=18080)"
    fi
    if ((attempt % 10 == 0)); then
      log "still waiting for the todo service on localhost:$LOCAL_PORT"
    fi
    sleep 1
  done
  cat "$log" >&2
  rm -f "$log"
  die "the todo service did not answer on localhost:$LOCAL_PORT"
}

stop_port_forward() {
  if [[ -n "${PORT_FORWARD_PID:-}" ]]; then
    kill "$PORT_FORWARD_PID" 2>/dev/null || true
    wait "$PORT_FORWARD_PID" 2>/dev/null || true
    PORT_FORWARD_PID=
  fi
}
