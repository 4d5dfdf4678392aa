#!/usr/bin/env bash
# Shows with real TCP connections (and DNS lookups) that NetworkPolicy is enforced on an existing
# kind cluster of this project (`make demo`, `make e2e` with KEEP_CLUSTER=1):
#   0. without policies: every connection succeeds;
#   1. default-deny ingress in namespace A, plus one policy letting pods labelled app=trusted of
#      namespace B reach A's server: B's other pod and A's own are refused, the trusted pod is not;
#   2. an egress policy on B's client allowing DNS (UDP/TCP 53) and A's server only: names still
#      resolve, the server answers, A's second server and a listener on the node's address do not;
#   3. an egress policy allowing 0.0.0.0/0 except 169.254.169.254/32 (cloud metadata, which no
#      kind cluster serves) and the node's address: the pods still answer, the node's listener not.
# Each refusal is paired with another pod reaching the same listener, so a listener that died
# cannot pass for a firewall.
#
#   KIND_CLUSTER=taskoverflow scripts/kind-netpol-check.sh
#
# Settings: KIND_CLUSTER (default taskoverflow); NAMESPACE_PREFIX (netpol-check: namespaces
# netpol-check-a and -b, made anew and deleted at the end unless KEEP=1); CHECK_IMAGE, an image
# with bash, perl, getent and timeout that the node holds or can pull (default: the firewall's own
# Debian image, which the locally built node image holds). Prints a line per check and
# "N passed, N failed"; exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh

PREFIX=${NAMESPACE_PREFIX:-netpol-check}
NS_A=$PREFIX-a
NS_B=$PREFIX-b
CHECK_IMAGE=${CHECK_IMAGE:-$(sed -n 's/^[[:space:]]*image:[[:space:]]*//p' images/kube-router/kube-router.yaml)}
PORT=8080
# The node listener shares the node's network namespace: a port nothing else there uses.
NODE_PORT=18080
# How long a policy change may take to show in the connections.
SETTLE=20
PASSED=0
FAILED=0

# Every pod runs this listener: one line naming the pod, then close.
# shellcheck disable=SC2016  # perl's variables, not the shell's
LISTENER='use IO::Socket::INET;
my $server = IO::Socket::INET->new(LocalPort => $ENV{PORT}, Listen => 16, ReuseAddr => 1)
  or die "listen on $ENV{PORT}: $!";
while (my $client = $server->accept) { print $client "hello from $ENV{NAME}\n"; close $client }'

# pod NAMESPACE NAME [PORT] [HOST_NETWORK]: a pod labelled app=NAME, listening on PORT.
pod() {
  local namespace=$1 name=$2 port=${3:-$PORT} host_network=${4:-false}
  cat <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: $name
  namespace: $namespace
  labels: {app: $name}
spec:
  hostNetwork: $host_network
  terminationGracePeriodSeconds: 0
  securityContext: {runAsNonRoot: true, runAsUser: 65534, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: listener
      image: $CHECK_IMAGE
      imagePullPolicy: IfNotPresent
      command: [perl, -e]
      args:
        - |
          ${LISTENER//$'\n'/$'\n'          }
      env:
        - {name: PORT, value: "$port"}
        - {name: NAME, value: $name}
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      readinessProbe:
        tcpSocket: {port: $port}
        periodSeconds: 1
---
YAML
}

service() {
  printf 'apiVersion: v1\nkind: Service\nmetadata: {name: %s, namespace: %s}\n' "$2" "$1"
  printf 'spec: {selector: {app: %s}, ports: [{port: %s}]}\n---\n' "$2" "$PORT"
}

# connect NAMESPACE POD HOST PORT: the listener's line, or why there is none.
connect() {
  local output status=0
  # shellcheck disable=SC2016  # host and port reach the inner bash as its $1 and $2
  output=$(k -n "$1" exec "$2" -- timeout 4 bash -c 'exec 3<>"/dev/tcp/$1/$2" && head -n 1 <&3' \
    bash "$3" "$4" 2>&1) || status=$?
  if ((status == 124)); then
    echo "timed out after 4 s"
  else
    printf '%s\n' "${output%%$'\n'*}"
  fi
}

report() {
  if [[ $1 == ok ]]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
  printf '%s %d - %s\n' "$1" $((PASSED + FAILED)) "$2"
}

# expect open|blocked WHAT NAMESPACE POD HOST PORT: checks a connection, retrying for up to
# SETTLE seconds while the firewall catches up with a policy change.
expect() {
  local want=$1 what=$2 result got started=$SECONDS
  shift 2
  while :; do
    result=$(connect "$@")
    case $result in
      "hello from "*) got=open ;;
      *"Connection refused"* | *"No route to host"* | "timed out"*) got=blocked ;;
      *) got=error ;;
    esac
    if [[ $got == "$want" ]]; then
      local after=""
      ((SECONDS - started < 2)) || after=" (after $((SECONDS - started)) s)"
      report ok "$what: $want$after: $result"
      return 0
    fi
    if ((SECONDS - started >= SETTLE)); then
      report "not ok" "$what: expected $want, got: $result"
      return 0
    fi
    sleep 1
  done
}

# expect_resolves NAMESPACE POD NAME: a DNS lookup from the pod answers.
expect_resolves() {
  local answer
  if answer=$(k -n "$1" exec "$2" -- timeout 6 getent hosts "$3" 2>&1); then
    report ok "$1/$2 resolves $3: ${answer%% *}"
  else
    report "not ok" "$1/$2 resolves $3: ${answer:-no answer within 6 s}"
  fi
}

policy() {
  k apply -f - >/dev/null
  log "applied: $*"
}

# remove_policies NAMESPACE: deletes the step's policies and waits until the connections they
# blocked are open again, so that no step is judged on the rules of the one before.
remove_policies() {
  k -n "$1" delete networkpolicy --all >/dev/null
  log "deleted the policies of $1"
  expect open "$NS_B/client -> server2" "$NS_B" client "$SERVER2" "$PORT"
  expect open "$NS_B/client -> node $NODE_IP:$NODE_PORT" "$NS_B" client "$NODE_IP" "$NODE_PORT"
  expect open "$NS_A/peer -> server" "$NS_A" peer "$SERVER" "$PORT"
}

cleanup() {
  if [[ ${KEEP:-0} != 1 ]]; then
    k delete namespace "$NS_A" "$NS_B" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  fi
}

ensure_cluster_tools
k cluster-info >/dev/null 2>&1 || die "no cluster answers with context $KIND_CONTEXT (set KIND_CLUSTER)"
if k get namespace "$NS_A" >/dev/null 2>&1 || k get namespace "$NS_B" >/dev/null 2>&1; then
  log "deleting $NS_A and $NS_B left by an earlier run"
  k delete namespace "$NS_A" "$NS_B" --ignore-not-found --wait=true >/dev/null
fi
trap cleanup EXIT

log "pods in $NS_A and $NS_B on $KIND_CONTEXT (image $CHECK_IMAGE)"
k create namespace "$NS_A" >/dev/null
k create namespace "$NS_B" >/dev/null
{
  pod "$NS_A" server
  pod "$NS_A" server2
  pod "$NS_A" peer
  pod "$NS_A" node-listener "$NODE_PORT" true
  service "$NS_A" server
  service "$NS_A" server2
  pod "$NS_B" client
  pod "$NS_B" trusted
} | k apply -f - >/dev/null
for namespace in "$NS_A" "$NS_B"; do
  if ! k -n "$namespace" wait --for=condition=Ready pod --all --timeout=2m >/dev/null; then
    k -n "$namespace" get pods -o wide >&2
    die "the check's pods in $namespace did not become ready"
  fi
done
pod_ip() { k -n "$NS_A" get pod "$1" -o jsonpath='{.status.podIP}'; }
SERVER=$(pod_ip server)
SERVER2=$(pod_ip server2)
NODE_IP=$(pod_ip node-listener) # a host-network pod's address is the node's
SERVER_NAME=server.$NS_A.svc.cluster.local
SERVER2_NAME=server2.$NS_A.svc.cluster.local
log "server $SERVER, server2 $SERVER2, node $NODE_IP"

log "0. no policy"
expect open "$NS_B/client -> server" "$NS_B" client "$SERVER" "$PORT"
expect open "$NS_A/peer -> server" "$NS_A" peer "$SERVER" "$PORT"
expect open "$NS_B/client -> server2" "$NS_B" client "$SERVER2" "$PORT"
expect open "$NS_B/client -> node $NODE_IP:$NODE_PORT" "$NS_B" client "$NODE_IP" "$NODE_PORT"

log "1. ingress"
policy "default-deny ingress in $NS_A; $NS_B's app=trusted may reach app=server on $PORT" <<YAML
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: $NS_A}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-from-trusted, namespace: $NS_A}
spec:
  podSelector: {matchLabels: {app: server}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: $NS_B}}
          podSelector: {matchLabels: {app: trusted}}
      ports: [{protocol: TCP, port: $PORT}]
YAML
expect blocked "$NS_B/client -> server" "$NS_B" client "$SERVER" "$PORT"
expect blocked "$NS_A/peer -> server (same namespace)" "$NS_A" peer "$SERVER" "$PORT"
expect open "$NS_B/trusted -> server" "$NS_B" trusted "$SERVER" "$PORT"
expect blocked "$NS_B/trusted -> server2 (not in the allow rule)" "$NS_B" trusted "$SERVER2" "$PORT"
remove_policies "$NS_A"

log "2. egress"
policy "$NS_B's app=client may send only DNS (UDP/TCP 53) and to $NS_A's app=server on $PORT" <<YAML
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: $NS_B}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
    - ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: $NS_A}}
          podSelector: {matchLabels: {app: server}}
      ports: [{protocol: TCP, port: $PORT}]
YAML
expect blocked "$NS_B/client -> server2" "$NS_B" client "$SERVER2" "$PORT"
expect_resolves "$NS_B" client "$SERVER_NAME"
expect open "$NS_B/client -> $SERVER_NAME (Service)" "$NS_B" client "$SERVER_NAME" "$PORT"
expect blocked "$NS_B/client -> $SERVER2_NAME (Service)" "$NS_B" client "$SERVER2_NAME" "$PORT"
expect blocked "$NS_B/client -> node $NODE_IP:$NODE_PORT" "$NS_B" client "$NODE_IP" "$NODE_PORT"
expect open "$NS_B/trusted -> server2 (no egress policy)" "$NS_B" trusted "$SERVER2" "$PORT"
remove_policies "$NS_B"

log "3. egress ipBlock with except"
policy "$NS_B's app=client may send to 0.0.0.0/0 except 169.254.169.254/32 and $NODE_IP/32" <<YAML
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-no-metadata, namespace: $NS_B}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32, $NODE_IP/32]}
YAML
expect blocked "$NS_B/client -> node $NODE_IP:$NODE_PORT" "$NS_B" client "$NODE_IP" "$NODE_PORT"
expect open "$NS_B/client -> server2" "$NS_B" client "$SERVER2" "$PORT"
expect open "$NS_B/client -> $SERVER_NAME (Service)" "$NS_B" client "$SERVER_NAME" "$PORT"
expect open "$NS_B/trusted -> node $NODE_IP:$NODE_PORT (no egress policy)" "$NS_B" trusted "$NODE_IP" "$NODE_PORT"

printf '\n%d passed, %d failed\n' "$PASSED" "$FAILED"
((FAILED == 0))
