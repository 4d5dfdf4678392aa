#!/usr/bin/env bash
# Benchmarks TaskOverflow against the PostgreSQL it runs on, in one run on one machine:
# wrk on GET one / GET list / POST (32 connections) and pgbench -S on the same server.
# Prints the figures, the CPU each process took during GET one, and the ratio GET-one req/s /
# pgbench TPS (the number that travels between machines), the last in one summary line.
# The JVM runs as the pod runs it: the image's JAVA_TOOL_OPTIONS (read from todo-app/Dockerfile)
# under the pod's 512 Mi memory limit (-XX:MaxRAM), with the pool the operator gives a pod.
# Knobs: DURATION, CONNECTIONS, DB_POOL_SIZE, JAVA_OPTS (replaces the pod's JVM options),
# JFR_DIR (records a flight recording of the GET-one run there; JFR_SETTINGS: a .jfc, default
# profile). Needs a JDK; on Debian it installs PostgreSQL, wrk, curl, procps and time if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh

duration=${DURATION:-20s}
connections=${CONNECTIONS:-32}
# The operator's pool for a pod: its share of the database's connections, capped at
# ConnectionBudget.MAX_POOL = 10, which is what one replica on the default 100 connections gets.
pool_size=${DB_POOL_SIZE:-10}
# The pod's memory limit (Hardening's default), which the JVM in a container sizes itself from.
pod_memory=512m
# What a fresh Debian machine lacks is installed (elsewhere, named).
apt_install wrk curl postgresql postgresql-client procps time
command -v java > /dev/null || die "missing java (a JDK 17 or newer)"

jar=todo-app/target/todo-app.jar
[[ -f "$jar" ]] || mvn -B -q -pl todo-app -am package -DskipTests -Dspotless.check.skip=true

work=$(mktemp -d -t taskoverflow-bench.XXXXXX)
db_port=$(free_port)
app_port=$(free_port)
metrics_port=$(free_port)
superuser_password=$(random_secret)
app_password=$(random_secret)
app_pid=
cleanup() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2> /dev/null && { wait "$app_pid" 2> /dev/null || true; }
  pg_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT

pg_start "$work" "$db_port" "$superuser_password"
pg_create_db "$db_port" "$superuser_password" taskoverflow "$app_password"
pg_create_db "$db_port" "$superuser_password" pgbench "$app_password"

# The image's JVM options: the one ENV JAVA_TOOL_OPTIONS line of the Dockerfile.
image_java_opts() {
  sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' todo-app/Dockerfile
}
if [[ -z "${JAVA_OPTS:-}" ]]; then
  JAVA_OPTS="$(image_java_opts) -XX:MaxRAM=$pod_memory"
  [[ "$JAVA_OPTS" == -* ]] || { echo "no ENV JAVA_TOOL_OPTIONS=\"...\" line in todo-app/Dockerfile" >&2; exit 1; }
fi
read -r -a java_opts <<< "$JAVA_OPTS"
SQLALCHEMY_DATABASE_URI="postgresql://taskoverflow:$app_password@127.0.0.1:$db_port/taskoverflow" \
  PORT=$app_port METRICS_PORT=$metrics_port DB_POOL_SIZE=$pool_size java "${java_opts[@]}" -jar "$jar" > "$work/app.log" 2>&1 &
app_pid=$!
base="http://127.0.0.1:$app_port/api/v1"
for _ in $(seq 1 120); do
  curl -fs "$base/health" > /dev/null && break
  sleep 0.5
done

for i in $(seq 1 50); do
  curl -fs -H 'Content-Type: application/json' -d "{\"title\":\"seed $i\",\"deadline_at\":\"2026-12-0$((i % 9 + 1))\"}" \
    "$base/todos" > /dev/null
done
one_id=$(curl -fs "$base/todos" | python3 -c 'import json,sys; print(json.load(sys.stdin)[25]["id"])')

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"bench","description":"written by wrk"}'
LUA

max_rss_kb=0
sample_rss() {
  local rss
  while kill -0 "$app_pid" 2> /dev/null; do
    rss=$(ps -o rss= -p "$app_pid" | tr -d ' ') || break
    echo "$rss"
    sleep 0.5
  done
}

# CPU seconds (user + system) of processes, from /proc/PID/stat; gone processes count 0.
clock_ticks=$(getconf CLK_TCK)
cpu_seconds() {
  local pid total=0 fields
  for pid in "$@"; do
    fields=$(cut -d')' -f2- "/proc/$pid/stat" 2> /dev/null) || continue
    read -r -a fields <<< "$fields"
    total=$((total + fields[11] + fields[12]))
  done
  awk -v t="$total" -v hz="$clock_ticks" 'BEGIN {printf "%.1f", t / hz}'
}
# The PostgreSQL server and its backends (the pool's connections live for the whole run).
postgres_pids() {
  local postmaster
  postmaster=$(head -1 "$work/data/postmaster.pid")
  echo "$postmaster" $(pgrep -P "$postmaster")
}
# The whole machine's busy and total CPU seconds, from /proc/stat.
machine_cpu() {
  awk -v hz="$clock_ticks" '$1 == "cpu" {
    busy = $2 + $3 + $4 + $7 + $8 + $9; total = busy + $5 + $6
    printf "%.1f %.1f", busy / hz, total / hz; exit }' /proc/stat
}

# run_wrk NAME URL [LUA]: prints "NAME req/s p99"; wrk's own CPU seconds go to $work/NAME.cpu.
run_wrk() {
  local name=$1 url=$2 script=${3:-} out
  out=$(/usr/bin/time -f '%U %S' -o "$work/$name.cpu" \
    wrk -t2 -c"$connections" -d"$duration" --latency ${script:+-s "$script"} "$url")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  if grep -q "Non-2xx" <<< "$out"; then echo "$name: non-2xx answers" >&2; grep "Non-2xx" <<< "$out" >&2; fi
  printf '%s %s %s\n' "$name" "$rps" "$p99"
}

# JIT warm-up on both read paths, so the first measured run is not the one that compiles them.
wrk -t2 -c"$connections" -d10s "$base/todos/$one_id" > /dev/null
wrk -t2 -c"$connections" -d10s "$base/todos" > /dev/null
sample_rss > "$work/rss" &
sampler=$!
# GET one under a CPU ledger: what the service, PostgreSQL, wrk and everything else took.
[[ -n "${JFR_DIR:-}" ]] && jcmd "$app_pid" JFR.start name=bench settings="${JFR_SETTINGS:-profile}" > /dev/null
read -r -a pg_pids <<< "$(postgres_pids)"
app_cpu_before=$(cpu_seconds "$app_pid")
pg_cpu_before=$(cpu_seconds "${pg_pids[@]}")
read -r machine_busy_before machine_total_before <<< "$(machine_cpu)"
get_one_result=$(run_wrk get_one "$base/todos/$one_id")
read -r machine_busy_after machine_total_after <<< "$(machine_cpu)"
app_cpu=$(awk -v a="$app_cpu_before" -v b="$(cpu_seconds "$app_pid")" 'BEGIN {printf "%.1f", b - a}')
pg_cpu=$(awk -v a="$pg_cpu_before" -v b="$(cpu_seconds "${pg_pids[@]}")" 'BEGIN {printf "%.1f", b - a}')
wrk_cpu=$(awk '{printf "%.1f", $1 + $2}' "$work/get_one.cpu")
if [[ -n "${JFR_DIR:-}" ]]; then
  mkdir -p "$JFR_DIR"
  jcmd "$app_pid" JFR.stop name=bench filename="$(realpath "$JFR_DIR")/get-one.jfr" > /dev/null
fi
results=$(
  echo "$get_one_result"
  run_wrk get_list "$base/todos"
  run_wrk post "$base/todos" "$work/post.lua"
)
kill "$sampler" 2> /dev/null || true
max_rss_kb=$(sort -n "$work/rss" | tail -1)

PGPASSWORD=$app_password pgbench -q -i -s 10 -h 127.0.0.1 -p "$db_port" -U pgbench pgbench > /dev/null 2>&1
tps=$(PGPASSWORD=$app_password pgbench -S -M prepared -c 16 -j 2 -T "${duration%s}" -h 127.0.0.1 -p "$db_port" -U pgbench pgbench 2> /dev/null \
  | awk '/^tps/ {print $3; exit}')

get_one=$(awk '$1 == "get_one" {print $2}' <<< "$results")
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $("$(pg_bin_dir)/postgres" --version)"
echo "wrk: $connections connections, $duration per run; pgbench -S -M prepared -c 16 -j 2 -T ${duration%s} (scale 10)"
printf '%-10s %12s %10s\n' workload "req/s" p99
while read -r name rps p99; do printf '%-10s %12s %10s\n' "$name" "$rps" "$p99"; done <<< "$results"
printf '%-10s %12s\n' pgbench "$tps"
echo "todo-app: $JAVA_OPTS, DB_POOL_SIZE=$pool_size; RSS under load: max $((max_rss_kb / 1024)) MiB"
awk -v app="$app_cpu" -v pg="$pg_cpu" -v wrk="$wrk_cpu" \
  -v busy="$(awk -v a="$machine_busy_before" -v b="$machine_busy_after" 'BEGIN {print b - a}')" \
  -v total="$(awk -v a="$machine_total_before" -v b="$machine_total_after" 'BEGIN {print b - a}')" \
  'BEGIN {printf "cpu during get_one: todo-app %.1f s, postgres %.1f s, wrk %.1f s, other %.1f s, idle %.1f s of %.1f s\n",
    app, pg, wrk, busy - app - pg - wrk, total - busy, total}'
get_one_p99=$(awk '$1 == "get_one" {print $3}' <<< "$results")
python3 - "$get_one" "$get_one_p99" "$((max_rss_kb / 1024))" "$tps" <<'PY'
import sys
rps, p99, rss, tps = sys.argv[1:]
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
p99_ms = next(float(p99[: -len(u)]) * f for u, f in unit.items() if p99.endswith(u))
print(f"bench: get_one {float(rps):.0f} req/s p99 {p99_ms:.1f} ms, rss {rss} MiB, pgbench {float(tps):.0f} tps,"
      f" ratio {float(rps) / float(tps):.3f} (targets: >= 0.40, p99 <= 30 ms, rss <= 400 MiB)")
PY
