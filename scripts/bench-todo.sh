#!/usr/bin/env bash
# Benchmarks the todo-app jar of the working tree against the jar of a baseline commit, in one run
# on one PostgreSQL: ROUNDS rounds, each running both jars one after the other (the order swapped
# every round, so that a drift of the machine's load hits both), each jar on a database of its own,
# started fresh, warmed up, then wrk on GET one (32 connections) under a CPU ledger. The working
# tree's jar also runs GET list and POST in the last round, and pgbench -S runs on the same server
# at the end. Prints each round, the medians, GET one's ratio current / baseline and the service's
# CPU per GET, and a summary line.
# Each jar runs as the pod of its commit runs it: the JAVA_TOOL_OPTIONS of its own commit's
# todo-app/Dockerfile under the pod's 512 Mi memory limit (-XX:MaxRAM), with the pool the operator
# gives a pod.
# Knobs: DURATION, CONNECTIONS, DB_POOL_SIZE, ROUNDS (3), WARMUP (per read path, 10s),
# BASELINE_COMMIT (9b68361; its jar is built once into target/bench-baseline/), JAVA_OPTS and
# BASELINE_JAVA_OPTS (replace a jar's pod options), JFR_DIR (records a flight recording of the
# last round's GET one of the working tree's jar there; JFR_SETTINGS: a .jfc, default profile).
# Needs a JDK and Maven; on Debian it installs PostgreSQL, wrk, curl, procps and time if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
# shellcheck source=scripts/lib/bench-jars.sh
source scripts/lib/bench-jars.sh
# shellcheck source=scripts/lib/bench-todo-runs.sh
source scripts/lib/bench-todo-runs.sh

duration=${DURATION:-20s}
connections=${CONNECTIONS:-32}
rounds=${ROUNDS:-3}
warmup=${WARMUP:-10s}
baseline_commit=${BASELINE_COMMIT:-9b68361}
# The operator's pool for a pod: its share of the database's connections, capped at
# ConnectionBudget.MAX_POOL = 10, which is what one replica on the default 100 connections gets.
pool_size=${DB_POOL_SIZE:-10}
# The pod's memory limit (Hardening's default), which the JVM in a container sizes itself from.
pod_memory=512m
# What a fresh Debian machine lacks is installed (elsewhere, named).
apt_install wrk curl postgresql postgresql-client procps time
command -v java > /dev/null || die "missing java (a JDK 17 or newer)"

current_jar=todo-app/target/todo-app.jar
[[ -f "$current_jar" ]] || mvn -B -o -q -pl todo-app -am package -DskipTests -Dspotless.check.skip=true
baseline_jar=$(baseline_jar "$baseline_commit")
baseline_name=$(git rev-parse --short "$baseline_commit")

pod_java_opts() {
  local opts
  opts=$(image_java_opts "$@")
  [[ "$opts" == -* ]] || die "no ENV JAVA_TOOL_OPTIONS=\"...\" line in todo-app/Dockerfile ${1:-}"
  echo "$opts -XX:MaxRAM=$pod_memory"
}
current_opts=${JAVA_OPTS:-$(pod_java_opts)}
baseline_opts=${BASELINE_JAVA_OPTS:-$(pod_java_opts "$baseline_commit")}

work=$(mktemp -d -t taskoverflow-bench.XXXXXX)
db_port=$(free_port)
app_port=$(free_port)
metrics_port=$(free_port)
superuser_password=$(random_secret)
app_password=$(random_secret)
app_pid=
cleanup() {
  stop_app
  pg_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT

pg_start "$work" "$db_port" "$superuser_password"
for database in baseline current pgbench; do
  pg_create_db "$db_port" "$superuser_password" "$database" "$app_password"
done

cat > "$work/post.lua" << 'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"bench","description":"written by wrk"}'
LUA

# run_jar NAME ROUND: one jar's turn in a round; appends "ROUND NAME req/s p99 us/GET" to
# $work/get_one and its RSS samples to $work/NAME.rss.
run_jar() {
  local name=$1 round=$2 jar opts id sampler
  if [[ $name == current ]]; then jar=$current_jar opts=$current_opts; else jar=$baseline_jar opts=$baseline_opts; fi
  start_app "$jar" "$name" "$opts"
  [[ -f "$work/$name.id" ]] || seed > "$work/$name.id"
  id=$(cat "$work/$name.id")
  sample_rss "$work/$name.rss" &
  sampler=$!
  warm_up "$id"
  local last_current=0
  [[ $name == current ]] && ((round == rounds)) && last_current=1
  if ((last_current)) && [[ -n "${JFR_DIR:-}" ]]; then
    jcmd "$app_pid" JFR.start name=bench settings="${JFR_SETTINGS:-profile}" > /dev/null
  fi
  measure_get_one "$name" "$id" | sed "s/^/$round /" >> "$work/get_one"
  echo "round $round, $name: $(tail -1 "$work/get_one" | awk '{printf "%s req/s, p99 %s ms", $3, $4}');" \
    "cpu during get_one: $(cat "$work/$name.cpu")" >&2
  if ((last_current)); then
    if [[ -n "${JFR_DIR:-}" ]]; then
      mkdir -p "$JFR_DIR"
      jcmd "$app_pid" JFR.stop name=bench filename="$(realpath "$JFR_DIR")/get-one.jfr" > /dev/null
    fi
    # After GET one: POST grows the table, which would change the other runs' GET list.
    run_wrk get_list "$base/todos" >> "$work/others"
    run_wrk post "$base/todos" "$work/post.lua" >> "$work/others"
  fi
  kill "$sampler" 2> /dev/null || true
  stop_app
}

for round in $(seq 1 "$rounds"); do
  if ((round % 2)); then order=(baseline current); else order=(current baseline); fi
  for name in "${order[@]}"; do run_jar "$name" "$round"; done
done

PGPASSWORD=$app_password pgbench -q -i -s 10 -h 127.0.0.1 -p "$db_port" -U pgbench pgbench > /dev/null 2>&1
tps=$(PGPASSWORD=$app_password pgbench -S -M prepared -c 16 -j 2 -T "${duration%s}" -h 127.0.0.1 -p "$db_port" -U pgbench pgbench 2> /dev/null \
  | awk '/^tps/ {print $3; exit}')

max_rss_mib() { echo $(($(sort -n "$work/$1.rss" | tail -1) / 1024)); }
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $("$(pg_bin_dir)/postgres" --version)"
echo "wrk: $connections connections, $duration per run, $warmup warm-up per read path; pgbench -S -M prepared -c 16 -j 2 -T ${duration%s} (scale 10); DB_POOL_SIZE=$pool_size"
echo "baseline $baseline_name: $baseline_opts; RSS under load: max $(max_rss_mib baseline) MiB"
echo "current (working tree): $current_opts; RSS under load: max $(max_rss_mib current) MiB"
python3 - "$work/get_one" "$baseline_name" << 'PY'
import statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    rnd, name, rps, p99, us = line.split()
    rounds.setdefault(int(rnd), {})[name] = (float(rps), float(p99), float(us))
print(f"GET one    {'baseline ' + sys.argv[2]:>33} | {'current':>33} | ratio")
print(f"{'round':<10}{'req/s':>9}{'p99 ms':>9}{'us CPU/GET':>15} | {'req/s':>9}{'p99 ms':>9}{'us CPU/GET':>15} |")
for rnd, runs in sorted(rounds.items()):
    b, c = runs["baseline"], runs["current"]
    print(f"{rnd:<10}{b[0]:9.0f}{b[1]:9.1f}{b[2]:15.0f} | {c[0]:9.0f}{c[1]:9.1f}{c[2]:15.0f} | {c[0] / b[0]:.2f}")
med = lambda name, i: statistics.median(r[name][i] for r in rounds.values())
print(f"{'median':<10}{med('baseline', 0):9.0f}{med('baseline', 1):9.1f}{med('baseline', 2):15.0f} |"
      f" {med('current', 0):9.0f}{med('current', 1):9.1f}{med('current', 2):15.0f} |"
      f" {statistics.median(r['current'][0] / r['baseline'][0] for r in rounds.values()):.2f}")
PY
printf '%-10s %12s %10s\n' workload "req/s" "p99 ms"
while read -r name rps p99 _; do printf '%-10s %12s %10s\n' "$name" "$rps" "$p99"; done < "$work/others"
printf '%-10s %12s\n' pgbench "$tps"
python3 - "$work/get_one" "$(max_rss_mib current)" "$tps" "$baseline_name" << 'PY'
import statistics, sys
path, rss, tps, baseline = sys.argv[1:]
runs = [line.split() for line in open(path)]
med = lambda name, i: statistics.median(float(r[i]) for r in runs if r[1] == name)
by_round = {}
for r in runs:
    by_round.setdefault(r[0], {})[r[1]] = float(r[2])
speedup = statistics.median(v["current"] / v["baseline"] for v in by_round.values())
rps = med("current", 2)
print(f"bench: get_one {rps:.0f} req/s p99 {med('current', 3):.1f} ms, rss {rss} MiB, pgbench {float(tps):.0f} tps,"
      f" ratio {rps / float(tps):.3f}, {speedup:.2f}x {baseline}'s {med('baseline', 2):.0f} req/s"
      f" (targets: >= 1.35x {baseline}, p99 <= 30 ms, rss <= 512 MiB)")
PY
