#!/usr/bin/env bash
# Benchmarks TaskOverflow against the PostgreSQL it runs on, in one run on one machine:
# wrk on GET one / GET list / POST (32 connections) and pgbench -S on the same server.
# Prints the figures and the ratio GET-one req/s / pgbench TPS (the number that travels
# between machines). Needs: postgresql, wrk, curl, a JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh

duration=${DURATION:-20s}
connections=${CONNECTIONS:-32}
for tool in wrk curl pgbench java; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install wrk curl postgresql-client)" >&2; exit 1; }
done

jar=todo-app/target/todo-app.jar
[[ -f "$jar" ]] || mvn -B -q -pl todo-app -am package -DskipTests -Dspotless.check.skip=true

work=$(mktemp -d -t taskoverflow-bench.XXXXXX)
db_port=$(free_port)
app_port=$(free_port)
superuser_password=$(random_secret)
app_password=$(random_secret)
app_pid=
cleanup() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2> /dev/null && wait "$app_pid" 2> /dev/null
  pg_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT

pg_start "$work" "$db_port" "$superuser_password"
pg_create_db "$db_port" "$superuser_password" taskoverflow "$app_password"
pg_create_db "$db_port" "$superuser_password" pgbench "$app_password"

read -r -a java_opts <<< "${JAVA_OPTS:-}"
SQLALCHEMY_DATABASE_URI="postgresql://taskoverflow:$app_password@127.0.0.1:$db_port/taskoverflow" \
  PORT=$app_port DB_POOL_SIZE=${DB_POOL_SIZE:-16} java "${java_opts[@]}" -jar "$jar" > "$work/app.log" 2>&1 &
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

# run_wrk NAME URL [LUA]: prints "NAME req/s p99"
run_wrk() {
  local name=$1 url=$2 script=${3:-} out
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency ${script:+-s "$script"} "$url")
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
results=$(
  run_wrk get_one "$base/todos/$one_id"
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
echo "todo-app RSS under load: max $((max_rss_kb / 1024)) MiB"
python3 -c "print(f'ratio GET-one req/s / pgbench TPS = {float($get_one) / float($tps):.3f} (target >= 0.10)')"
