#!/usr/bin/env bash
# End-to-end tests on a real kind cluster: the images built from the Dockerfiles, the chart, and
# TaskOverflows whose pods really run. This script brings the cluster up (as `make demo` does:
# scripts/lib/kind.sh) and runs the scenarios, one JUnit class each
# (operator/src/test/java/io/taskoverflow/operator/e2e/*E2E.java, maven-failsafe, profile e2e);
# each scenario works in namespaces of its own and reports on its own:
#   TodoApiE2E           the example becomes Ready (timed) and its Service serves the todo API;
#                        kstatus reads it InProgress while created, Current once Ready, and
#                        InProgress after a spec change until the change is served
#   PodSecurityE2E       every pod of the operator and of an InCluster + External TaskOverflow
#                        runs under Pod Security "restricted"
#   ExternalDatabaseE2E  External TaskOverflows on a team's own PostgreSQL over TLS: verified with
#                        the Secret's ca.crt they serve; a certificate of another CA is refused;
#                        without a CA they serve and the status says the connection is unverified
#   InClusterDatabaseE2E the todo pods log in as a role of their own (no superuser), over TLS
#                        only; a server under the database's name with another CA's certificate
#                        is refused
#   OperatorUpgradeE2E   from the previous release's operator (built from git at
#                        PREVIOUS_RELEASE) to this one under write load: the app moves to its own
#                        role and TLS with no write failed or lost and no todo lost
#   HelmUpgradeE2E       `helm upgrade` of the operator with a changed value restarts no todo or
#                        PostgreSQL pod
#   AppPodRestartE2E     no todo is lost (nor comes back) across restarts of the todo-app pods
#   PostgresRestartE2E   while todos are written, the service is back within MAX_RESTART_GAP (5) s
#                        of a restarted PostgreSQL being ready, every write answered 201 is stored,
#                        and none is stored without its client knowing; no todo is lost
#   ConnectionSecretE2E  a deleted connection Secret is written anew, and the service finds its
#                        todos with it
#   ConnectionBudgetE2E  12 todo pods share PostgreSQL's 100 connections: all ready, none refused
#   DeletionPolicyE2E    deleting a TaskOverflow keeps its data volume, where a new one of the same
#                        name finds its todos; with deletionPolicy Delete nothing of theirs is left
#                        but the user's Secret
#   StuckPodsE2E         a stuck pod is named in the conditions within STUCK_WITHIN (60) s, five
#                        cases at once: a StorageClass that does not exist, an app or a PostgreSQL
#                        image that cannot be pulled, an app that crash-loops, a data directory of
#                        another PostgreSQL major; kstatus reads the first three Failed within
#                        STUCK_WITHIN s, the crash loops InProgress (they are given minutes)
#   NetworkPolicyE2E     the operator's NetworkPolicies, tried with real connections: another
#                        namespace reaches neither the tenant's PostgreSQL nor its todo pods, a pod
#                        of the tenant that is not its app does not reach its PostgreSQL, the todo
#                        pods reach no listener (nor the Kubernetes API, nor IMDS where there is
#                        one) beyond DNS and their database, and the todos are still served through
#                        the Service, also after a PostgreSQL restart. Needs a CNI that enforces
#                        NetworkPolicy.
#   MetricsE2E           the operator's and the todo pods' /metrics, scraped as Prometheus does:
#                        resources by mode and phase, reconciles, a stalled resource and a failed
#                        reconcile, requests by route and status, the pool, readiness; every query
#                        of the chart's dashboard and alerts names a series scraped there
#   RdsE2E               RDS mode: the operator installed by the command terraform/eks prints
#                        (rendered by the same module), against moto on this machine whose
#                        instances are real PostgreSQL servers (TLS, a test CA given as the chart's
#                        RDS CA bundle) behind their endpoint names; the example serves todos as
#                        its own role over verified TLS from one private, encrypted instance (apply
#                        to Ready and to the first todo timed); a class change is one
#                        ModifyDBInstance; an operator killed mid-create leaves one instance; the
#                        finalizer holds until the instance is gone and a final snapshot is left;
#                        Retain leaves the instance and credentials that log in; a server with
#                        another CA's certificate is refused by the todo pods; and the database of
#                        terraform/ecs-baseline (applied against moto, the original app's todos in
#                        it) is adopted by the steps of docs/migrating-from-ecs.md, run as written
#                        with the AWS CLI (scripts/test-awscli.sh): same todos served, same
#                        settings, nothing of the ECS deployment needed afterwards
#   AppExposureE2E       an Ingress gets the annotations of the chart's allowlist, one not listed
#                        is refused at admission naming the field, and a LoadBalancer Service
#                        without a load balancer controller serves the todos through its cluster
#                        address, its URL staying the in-cluster one
#
#   scripts/kind-e2e.sh                  # own cluster "taskoverflow-e2e", deleted at the end
#   KEEP_CLUSTER=1 scripts/kind-e2e.sh   # keep it for a look (then KIND_CLUSTER=taskoverflow-e2e
#                                        # scripts/kind-demo-down.sh)
#   REUSE_CLUSTER=1 scripts/kind-e2e.sh  # every scenario on a kept cluster instead of a new one
#   TEST=TodoApiE2E scripts/kind-e2e.sh  # one scenario (failsafe's -Dit.test: a class, Class#method,
#                                        # a comma-separated list) on the kept cluster, made if
#                                        # missing and kept
#
# Installs or builds what it needs (see scripts/lib/kind.sh). Prints a TAP line per test, timings
# as `# time` comments, and a final "N passed, N failed" counted from the failsafe reports; exits
# non-zero when a scenario fails.
set -euo pipefail
cd "$(dirname "$0")/.."
KIND_CLUSTER=${KIND_CLUSTER:-taskoverflow-e2e}
TEST=${TEST:-}
if [[ -n $TEST ]]; then
  REUSE_CLUSTER=${REUSE_CLUSTER:-1}
  KEEP_CLUSTER=${KEEP_CLUSTER:-1}
fi
# Read by the scenarios from the environment: the restart gap the service may take after
# PostgreSQL is ready again, how soon a stuck pod's cause must be in the conditions, how many
# todo pods share PostgreSQL's connections.
export MAX_RESTART_GAP=${MAX_RESTART_GAP:-5}
export STUCK_WITHIN=${STUCK_WITHIN:-60}
export BUDGET_REPLICAS=${BUDGET_REPLICAS:-12}
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh

REPORTS=operator/target/e2e-reports
KIND_CLUSTER_CREATED=0
COUNTED=0
# The commit of the previous release, which OperatorUpgradeE2E upgrades from.
PREVIOUS_RELEASE=17f7c019a875539e15422f332ea558ebe385b43e
PREVIOUS_TREE=

cleanup() {
  local status=$?
  if [[ -n $PREVIOUS_TREE ]]; then rm -rf "$PREVIOUS_TREE"; fi
  if ((COUNTED == 0 && status != 0)); then printf '\n0 passed, 1 failed\n'; fi
  if [[ "$KIND_CLUSTER_CREATED" == 1 && "${KEEP_CLUSTER:-0}" != 1 ]]; then
    log "deleting kind cluster $KIND_CLUSTER (KEEP_CLUSTER=1 keeps it)"
    kind delete cluster --name "$KIND_CLUSTER" >&2 || true
  fi
}

# build_previous_release: the operator image and chart of PREVIOUS_RELEASE, from git (the
# clone's history holds it), its image loaded into the node; sets PREVIOUS_OPERATOR_IMAGE and
# PREVIOUS_TREE. Only when OperatorUpgradeE2E is to run.
build_previous_release() {
  if [[ -n $TEST && $TEST != *OperatorUpgradeE2E* ]]; then return; fi
  git cat-file -e "$PREVIOUS_RELEASE^{commit}" 2>/dev/null ||
    die "commit $PREVIOUS_RELEASE (the previous release) is not in this clone's history"
  PREVIOUS_TREE=$(mktemp -d -t taskoverflow-previous.XXXXXX)
  git archive "$PREVIOUS_RELEASE" | tar -x -C "$PREVIOUS_TREE"
  PREVIOUS_OPERATOR_IMAGE=$(cd "$PREVIOUS_TREE" &&
    step "previous operator image build" build_image operator taskoverflow-operator-previous)
  step "previous operator image load" run_kind load docker-image --name "$KIND_CLUSTER" \
    "$PREVIOUS_OPERATOR_IMAGE" >/dev/null
}

# load_next_todo_image: the todo image under a second name, loaded into the node, for
# DefaultImageRolloutE2E to give as a new default; sets NEXT_TODO_IMAGE.
load_next_todo_image() {
  if [[ -n $TEST && $TEST != *DefaultImageRolloutE2E* ]]; then return; fi
  NEXT_TODO_IMAGE="${TODO_IMAGE%:*}:next-${TODO_IMAGE##*:}"
  docker tag "$TODO_IMAGE" "$NEXT_TODO_IMAGE"
  step "next todo image load" run_kind load docker-image --name "$KIND_CLUSTER" \
    "$NEXT_TODO_IMAGE" >/dev/null
}

# host_address: this machine's IPv4 address in the kind network, where the pods reach the AWS
# endpoint that RdsE2E runs here.
host_address() {
  docker network inspect kind --format '{{range .IPAM.Config}}{{println .Gateway}}{{end}}' |
    grep -m 1 -E '^[0-9]+(\.[0-9]+){3}$' || die "the kind network has no IPv4 gateway"
}

# metadata_address_on_nodes: gives every node the instance metadata address (169.254.169.254),
# as EC2 has it, so that NetworkPolicyE2E can show the todo pods never reach it; nothing in kind
# answers there otherwise.
metadata_address_on_nodes() {
  local node
  for node in $(kind get nodes --name "$KIND_CLUSTER"); do
    docker exec "$node" ip address replace 169.254.169.254/32 dev lo ||
      die "cannot give node $node the instance metadata address"
  done
}

# count_reports: sets PASSED and FAILED from the failsafe reports of the scenarios (a class whose
# set-up failed counts as one failed test).
count_reports() {
  local report suite tests failures errors skipped
  PASSED=0 FAILED=0
  for report in "$REPORTS"/TEST-*.xml; do
    [[ -f $report ]] || continue
    suite=$(grep -m1 -o '<testsuite [^>]*>' "$report")
    tests=$(suite_count tests) failures=$(suite_count failures)
    errors=$(suite_count errors) skipped=$(suite_count skipped)
    PASSED=$((PASSED + tests - failures - errors - skipped))
    FAILED=$((FAILED + failures + errors))
  done
}

# suite_count ATTRIBUTE: the number in ATTRIBUTE of the <testsuite> element in $suite (0 if none).
suite_count() {
  local value
  value=$(grep -o " $1=\"[0-9]*\"" <<<"$suite" | head -n 1 | tr -dc '0-9')
  printf '%s\n' "${value:-0}"
}

require_tools
command -v mvn >/dev/null 2>&1 || die "Maven runs the scenarios: scripts/install-deps.sh e2e installs it"
trap cleanup EXIT
# A cluster of this name left by an earlier run would carry its state into this one.
if [[ ${REUSE_CLUSTER:-0} != 1 ]] && kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
  log "deleting the kind cluster $KIND_CLUSTER left by an earlier run (REUSE_CLUSTER=1 keeps it)"
  kind delete cluster --name "$KIND_CLUSTER" >&2
fi
ensure_cluster
metadata_address_on_nodes
build_and_load_images
load_next_todo_image
build_previous_release
# kstatus-check reads TaskOverflows as Flux and kpt do, metrics-check the dashboard's and alerts'
# queries; both sit beside the test binaries.
scripts/test-binaries.sh >&2
scripts/test-kstatus.sh >&2
scripts/test-metrics-check.sh >&2
# RdsE2E's AWS: moto_server, in its virtualenv; and the AWS CLI its migration steps run.
scripts/test-moto.sh >&2
AWS_CLI=$(scripts/test-awscli.sh)
step "operator install" install_operator

log "running the end-to-end scenarios${TEST:+ $TEST} (maven-failsafe, profile e2e)"
rm -rf "$REPORTS"
maven=(mvn -B -ntp -Pe2e -pl "crd,test-postgres,operator" -am verify
  "-Dtaskoverflow.e2e.context=$KIND_CONTEXT"
  "-Dtaskoverflow.e2e.helm=$(command -v helm)"
  "-Dtaskoverflow.e2e.operatorNamespace=$OPERATOR_NAMESPACE"
  "-Dtaskoverflow.e2e.release=$RELEASE"
  "-Dtaskoverflow.e2e.previousChart=${PREVIOUS_TREE:+$PREVIOUS_TREE/helm/taskoverflow-operator}"
  "-Dtaskoverflow.e2e.previousOperatorImage=${PREVIOUS_OPERATOR_IMAGE:-}"
  "-Dtaskoverflow.e2e.nextTodoImage=${NEXT_TODO_IMAGE:-}"
  "-Dtaskoverflow.e2e.hostAddress=$(host_address)"
  "-Dtaskoverflow.e2e.awsCli=$AWS_CLI"
  -Dspotless.check.skip=true)
if [[ -n $TEST ]]; then maven+=("-Dit.test=$TEST"); fi
maven_status=0
"${maven[@]}" || maven_status=$?

count_reports
if ((maven_status != 0 && FAILED == 0)); then
  log "Maven failed outside the scenarios (output above)"
  FAILED=1
fi
COUNTED=1
printf '\n%d passed, %d failed\n' "$PASSED" "$FAILED"
((FAILED == 0))
