#!/usr/bin/env bash
# How long the todo-app image takes from its container's start to serving, with the image's
# class-data archive and without it (the same image, its java started without the archive): RUNS
# starts of each, alternating, against one throw-away PostgreSQL whose schema the first start
# migrated, as on a restart or for a new replica. Each start is timed from Docker's StartedAt to
# the first answer of GET /api/v1/health, which the service gives once it is migrated and
# listening. The container runs as in its pod: its own user, a read-only root, /tmp in memory.
# The image build has checked that the JVM maps the archive (todo-app/Dockerfile).
#
#   scripts/bench-app-start.sh [RUNS]    # 5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/kind.sh
source scripts/lib/kind.sh
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh

runs=${1:-5}
ensure_docker_engine
resolve_app_images
image=$(build_image todo-app taskoverflow-todo)

work=$(mktemp -d -t taskoverflow-app-start.XXXXXX)
db_port=$(free_port)
superuser_password=$(random_secret)
app_password=$(random_secret)
cleanup() {
  docker rm -f taskoverflow-app-start >/dev/null 2>&1 || true
  pg_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT
pg_start "$work" "$db_port" "$superuser_password"
pg_create_db "$db_port" "$superuser_password" taskoverflow "$app_password"

# start_once VARIANT: prints the seconds from the container's start to its first /health answer.
start_once() {
  local variant=$1 app_port entrypoint=() command=()
  app_port=$(free_port)
  if [[ $variant == without ]]; then
    entrypoint=(--entrypoint java)
    command=(-jar /app/todo-app.jar)
  fi
  docker run -d --name taskoverflow-app-start --network host --read-only --tmpfs /tmp \
    -e "SQLALCHEMY_DATABASE_URI=postgresql://taskoverflow:$app_password@127.0.0.1:$db_port/taskoverflow" \
    -e "PORT=$app_port" "${entrypoint[@]}" "$image" "${command[@]}" >/dev/null
  local tries=0
  until curl -fs -o /dev/null "http://127.0.0.1:$app_port/api/v1/health"; do
    # Asking Docker takes CPU from the start being timed: once a second is enough.
    if ((++tries % 50 == 0)); then
      docker inspect -f '{{.State.Running}}' taskoverflow-app-start | grep -q true ||
        { docker logs taskoverflow-app-start >&2; die "the todo-app container stopped"; }
    fi
    sleep 0.02
  done
  local answered started
  answered=$(date +%s.%N)
  started=$(date -d "$(docker inspect -f '{{.State.StartedAt}}' taskoverflow-app-start)" +%s.%N)
  docker rm -f taskoverflow-app-start >/dev/null
  awk -v a="$answered" -v s="$started" 'BEGIN { printf "%.2f\n", a - s }'
}

start_once with >/dev/null # migrates the schema, and warms the page cache for both variants
declare -A times=([with]="" [without]="")
for _ in $(seq 1 "$runs"); do
  for variant in without with; do
    times[$variant]+="$(start_once "$variant") "
    sleep 2
  done
done

echo "image $image, $(nproc) cores; container start to first /api/v1/health answer, $runs starts each"
for variant in without with; do
  # shellcheck disable=SC2086  # the list of times, one argument each
  python3 - "$variant" ${times[$variant]} <<'PY'
import statistics, sys
values = sorted(float(v) for v in sys.argv[2:])
listed = " ".join(f"{v:.2f}" for v in values)
print(f"{sys.argv[1]:>8} the class-data archive: median {statistics.median(values):.2f} s, "
      f"range {values[0]:.2f}-{values[-1]:.2f} s ({listed})")
PY
done
