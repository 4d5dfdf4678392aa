#!/usr/bin/env bash
# Benchmarks the operator against a real kube-apiserver + etcd (no kubelet, no controllers):
# 200 InCluster TaskOverflows created at once; the StatefulSet and Deployment readiness that pods
# would bring is written into their status as soon as each appears. Reports, per resource,
# creation -> StatefulSet / Deployment / phase Ready (p50, p90, max), the time until all are
# Ready, the API requests the operator issued, and the operator's RSS. The operator is the
# packaged jar in a JVM of its own; the driver is
# operator/src/bench/java/io/taskoverflow/operator/bench/OperatorBenchmark.java.
#
# With --secret-cache it measures instead what the operator keeps of the cluster's Secrets: live
# heap (after a full GC, jcmd GC.class_histogram) and Secret objects with a few External
# TaskOverflows, then again after many unrelated Secrets appear in other namespaces, and the
# Secret requests of a quiet minute (driver: .../bench/SecretCacheBenchmark.java).
#
# With --forged-labels it measures what a tenant who forges the operator's label costs its heap:
# the packaged operator as the chart's ServiceAccount, idle, then N Secrets labelled as the
# operator's from a tenant's namespace; once without the chart's operator bounds and once with
# them (driver: .../bench/ForgedLabelBenchmark.java).
#
# With --scale (`make bench-scale`) it measures the operator at scale on a cluster whose nodes and
# kubelets KWOK plays, with the real kube-controller-manager and kube-scheduler making and placing
# the pods: for each size a burst of InCluster TaskOverflows until all are Ready (p50 / p99 / last),
# operator CPU and API requests per resource (by verb and kind, from the API server's audit log),
# RSS and live heap after a full GC, then idle minutes (writes, CPU, heap), then a restart of the
# operator with all of them stored (time to leading and to the first reconcile, writes, CPU until
# quiet). The operator runs with the chart's environment, RBAC and JVM options (driver:
# .../bench/ScaleBenchmark.java).
#
# Usage: scripts/bench-operator.sh [--resources N] [--warmup N] [--runs N] [--concurrency N]
#                                  [--jvm-options "-Xmx…"] [--record] [--no-build]
#        scripts/bench-operator.sh --secret-cache [--secrets N] [--secret-kib N]
#                                  [--referencing N] [--no-build]
#        scripts/bench-operator.sh --forged-labels [--forged N] [--forged-kib N] [--no-build]
#        scripts/bench-operator.sh --scale [--sizes N,N,...] [--idle-seconds N] [--nodes N]
#                                  [--per-namespace N] [--memory Q] [--no-build]
#   --resources     TaskOverflows created at once (200)
#   --warmup        TaskOverflows of an unmeasured first burst that warms the JVMs up (0)
#   --runs          runs, each on a fresh API server and operator (1)
#   --concurrency   the operator's RECONCILE_CONCURRENCY (its default, 10)
#   --jvm-options   JAVA_TOOL_OPTIONS of the operator JVM (none: the JVM's defaults)
#   --record        append the result to docs/benchmarks.md, section "## Operator"
#   --no-build      reuse the jar and classpath of the previous build
#   --secrets       unrelated Secrets created (1000), --secret-kib their size (4), --referencing
#                   External TaskOverflows with a Secret each (20); with --secret-cache only
#   --forged        Secrets with the operator's label a tenant creates (5000), --forged-kib their
#                   size (1); with --forged-labels only
#   --sizes         TaskOverflows of each scale run (200,1000,2000), --idle-seconds the idle
#                   watch after each burst (300), --nodes KWOK nodes (20), --per-namespace
#                   TaskOverflows per tenant namespace (20), --memory the operator container's
#                   memory limit instead of the chart's (e.g. 1Gi); with --scale only
# Needs: a JDK 17, Maven, the Kubernetes test binaries (scripts/test-binaries.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# A version pinned in scripts/lib-test-versions.sh (plain KEY=value lines).
pinned() { sed -n "s/^$1=//p" scripts/lib-test-versions.sh; }

driver=io.taskoverflow.operator.bench.OperatorBenchmark
driver_args=()
record=false
build=true
command_line=scripts/bench-operator.sh # as recorded: the options that change the figures
while (($#)); do
  case $1 in
    --resources | --runs | --warmup | --concurrency | --jvm-options)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
      if [[ $2 == *" "* ]]; then command_line+=" $1 \"$2\""; else command_line+=" $1 $2"; fi
      case $1 in
        --concurrency) driver_args+=(--reconcile-concurrency "$2") ;;
        --jvm-options) driver_args+=(--operator-jvm-options "$2") ;;
        *) driver_args+=("$1" "$2") ;;
      esac
      shift 2 ;;
    --secret-cache) driver=io.taskoverflow.operator.bench.SecretCacheBenchmark; shift ;;
    --forged-labels) driver=io.taskoverflow.operator.bench.ForgedLabelBenchmark; shift ;;
    --scale) driver=io.taskoverflow.operator.bench.ScaleBenchmark; shift ;;
    --secrets | --secret-kib | --referencing | --forged | --forged-kib | --sizes | --idle-seconds | \
      --nodes | --per-namespace | --memory)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
      driver_args+=("$1" "$2"); shift 2 ;;
    --record) record=true; shift ;;
    --no-build) build=false; shift ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

jar=operator/target/taskoverflow-operator.jar
classpath_file=operator/target/bench-classpath.txt
if $build || [[ ! -f "$jar" || ! -f "$classpath_file" ]]; then
  echo "building $jar and the test classes"
  # One reactor build, so that the classpath names crd/target's jar, not an older installed one.
  mvn -B -q -pl crd,operator -am package dependency:build-classpath \
    -DskipTests -Dspotless.check.skip=true \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$classpath_file"
fi

if $record && [[ $driver != *.OperatorBenchmark ]]; then
  echo "--record applies to the burst benchmark only" >&2; exit 2
fi

work=$(mktemp -d -t taskoverflow-bench-operator.XXXXXX)
trap 'rm -rf "$work"' EXIT

(
  cd operator
  # The driver shares the cores with the operator: C1 only keeps its JIT from taking their CPU.
  java -XX:TieredStopAtLevel=1 -Dbasedir="$PWD" -Dtaskoverflow.testVersionsFile="$PWD/../scripts/lib-test-versions.sh" \
    -cp "target/test-classes:target/classes:$(< "../$classpath_file")" \
    "$driver" "${driver_args[@]}" --output "$work/report.md"
)

if $record; then
  file=docs/benchmarks.md
  {
    printf '### %s: %s\n\n' "$(date -u +%Y-%m-%d)" "\`$command_line\`"
    printf 'Machine: %s cores, %s; kube-apiserver v%s, etcd v%s.\n\n' \
      "$(nproc)" "$(java -version 2>&1 | head -1)" "$(pinned K8S_VERSION)" "$(pinned ETCD_VERSION)"
    cat "$work/report.md"
  } > "$work/entry.md"
  mkdir -p docs
  [[ -f "$file" ]] || printf '# Benchmarks\n' > "$file"
  # Appended at the end of the "## Operator" section (created at the end of the file if absent);
  # the other sections are copied unchanged.
  awk -v entry="$work/entry.md" '
    function emit(  line) {
      if (!blank) print ""
      while ((getline line < entry) > 0) print line
      close(entry); done = 1; blank = 0
    }
    /^## / { if (in_section && !done) { emit(); print "" } in_section = ($0 == "## Operator") }
    { print; blank = ($0 == "") }
    END {
      if (!done) {
        if (!in_section) { if (!blank) print ""; print "## Operator"; blank = 0 }
        emit()
      }
    }
  ' "$file" > "$work/benchmarks.md"
  cp "$work/benchmarks.md" "$file"
  echo "recorded in $file"
fi
