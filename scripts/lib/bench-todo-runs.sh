# shellcheck shell=bash
# One jar's runs for scripts/bench-todo.sh: start it on its own database, warm it up, measure GET
# one under a CPU ledger, stop it. Sourced after common.sh; the caller sets work (a scratch
# directory), db_port, app_port, metrics_port, app_password, pool_size, duration, warmup and
# connections.
# shellcheck disable=SC2154

clock_ticks=$(getconf CLK_TCK)

# CPU seconds (user + system) of processes, from /proc/PID/stat; gone processes count 0.
cpu_seconds() {
  local pid total=0 fields
  for pid in "$@"; do
    fields=$(cut -d')' -f2- "/proc/$pid/stat" 2> /dev/null) || continue
    read -r -a fields <<< "$fields"
    total=$((total + fields[11] + fields[12]))
  done
  awk -v t="$total" -v hz="$clock_ticks" 'BEGIN {printf "%.2f", t / hz}'
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
    printf "%.2f %.2f", busy / hz, total / hz; exit }' /proc/stat
}

# start_app JAR DATABASE JAVA_OPTS: starts the service in the background, sets app_pid and base
# (the API's URL), waits for its health answer.
start_app() {
  local jar=$1 database=$2 opts=$3 java_opts
  read -r -a java_opts <<< "$opts"
  SQLALCHEMY_DATABASE_URI="postgresql://$database:$app_password@127.0.0.1:$db_port/$database" \
    PORT=$app_port METRICS_PORT=$metrics_port DB_POOL_SIZE=$pool_size \
    java "${java_opts[@]}" -jar "$jar" >> "$work/$database.log" 2>&1 &
  app_pid=$!
  base="http://127.0.0.1:$app_port/api/v1"
  for _ in $(seq 1 120); do
    curl -fs "$base/health" > /dev/null && return 0
    sleep 0.5
  done
  die "the service did not answer on $base/health (log: $work/$database.log)"
}

stop_app() {
  [[ -n "${app_pid:-}" ]] || return 0
  kill "$app_pid" 2> /dev/null && { wait "$app_pid" 2> /dev/null || true; }
  app_pid=
}

# seed: 50 todos; prints the id of the 26th, the one GET one reads.
seed() {
  local i
  for i in $(seq 1 50); do
    curl -fs -H 'Content-Type: application/json' \
      -d "{\"title\":\"seed $i\",\"deadline_at\":\"2026-12-0$((i % 9 + 1))\"}" "$base/todos" > /dev/null
  done
  curl -fs "$base/todos" | python3 -c 'import json,sys; print(json.load(sys.stdin)[25]["id"])'
}

# JIT warm-up on both read paths, so the measured run is not the one that compiles them.
warm_up() {
  wrk -t2 -c"$connections" -d"$warmup" "$base/todos/$1" > /dev/null
  wrk -t2 -c"$connections" -d"$warmup" "$base/todos" > /dev/null
}

# run_wrk NAME URL [LUA]: prints "NAME req/s p99 requests"; wrk's CPU seconds go to $work/NAME.cpu.
run_wrk() {
  local name=$1 url=$2 script=${3:-} out rps p99 requests
  out=$(/usr/bin/time -f '%U %S' -o "$work/$name.cpu" \
    wrk -t2 -c"$connections" -d"$duration" --latency ${script:+-s "$script"} "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  requests=$(awk '/requests in/ {print $1}' <<< "$out")
  if grep -q "Non-2xx" <<< "$out"; then echo "$name: non-2xx answers" >&2; grep "Non-2xx" <<< "$out" >&2; fi
  printf '%s %s %s %s\n' "$name" "$rps" "$(p99_ms "$p99")" "$requests"
}

# wrk's latency (850.00us, 12.31ms, 1.02s) in milliseconds.
p99_ms() {
  awk -v v="$1" 'BEGIN {
    f = v ~ /us$/ ? 0.001 : v ~ /ms$/ ? 1 : 1000
    sub(/[a-z]+$/, "", v); printf "%.2f", v * f }'
}

# The service's largest RSS, sampled every half second while it lives, in KiB, into FILE.
sample_rss() {
  local rss
  while kill -0 "$app_pid" 2> /dev/null; do
    rss=$(ps -o rss= -p "$app_pid" | tr -d ' ') || break
    echo "$rss" >> "$1"
    sleep 0.5
  done
}

# measure_get_one LABEL ID: GET one under a CPU ledger of the service, PostgreSQL, wrk and the
# machine. Prints "LABEL req/s p99_ms service_us_per_get" and writes the ledger to $work/LABEL.cpu.
measure_get_one() {
  local label=$1 id=$2 pg_pids app_before pg_before busy_before total_before
  local busy_after total_after result requests
  read -r -a pg_pids <<< "$(postgres_pids)"
  app_before=$(cpu_seconds "$app_pid")
  pg_before=$(cpu_seconds "${pg_pids[@]}")
  read -r busy_before total_before <<< "$(machine_cpu)"
  result=$(run_wrk get_one "$base/todos/$id")
  read -r busy_after total_after <<< "$(machine_cpu)"
  requests=$(awk '{print $4}' <<< "$result")
  awk -v app="$(awk -v a="$app_before" -v b="$(cpu_seconds "$app_pid")" 'BEGIN {print b - a}')" \
    -v pg="$(awk -v a="$pg_before" -v b="$(cpu_seconds "${pg_pids[@]}")" 'BEGIN {print b - a}')" \
    -v wrk="$(awk '{print $1 + $2}' "$work/get_one.cpu")" \
    -v busy="$(awk -v a="$busy_before" -v b="$busy_after" 'BEGIN {print b - a}')" \
    -v total="$(awk -v a="$total_before" -v b="$total_after" 'BEGIN {print b - a}')" \
    -v n="$requests" -v label="$label" -v rps="$(awk '{print $2}' <<< "$result")" \
    -v p99="$(awk '{print $3}' <<< "$result")" -v ledger="$work/$label.cpu" \
    'BEGIN {
      printf "%s %.0f %.2f %.1f\n", label, rps, p99, app * 1e6 / n
      printf "todo-app %.1f s (%.0f us/GET), postgres %.1f s (%.0f us/GET), wrk %.1f s, other %.1f s, idle %.1f s of %.1f s\n",
        app, app * 1e6 / n, pg, pg * 1e6 / n, wrk, busy - app - pg - wrk, total - busy, total > ledger
    }'
}
