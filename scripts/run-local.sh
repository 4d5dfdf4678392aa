#!/usr/bin/env bash
# Runs TaskOverflow on this machine against a throw-away PostgreSQL that it starts and removes.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh

port=${PORT:-6400}
jar=todo-app/target/todo-app.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find todo-app/src todo-app/pom.xml -newer "$jar" -print -quit)" ]]; then
  echo "building $jar"
  mvn -B -q -pl todo-app -am package -DskipTests -Dspotless.check.skip=true
fi

work=$(mktemp -d -t taskoverflow-run.XXXXXX)
db_port=$(free_port)
superuser_password=$(random_secret)
app_password=$(random_secret)
cleanup() {
  pg_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT

pg_start "$work" "$db_port" "$superuser_password"
pg_create_db "$db_port" "$superuser_password" taskoverflow "$app_password"
echo "PostgreSQL on 127.0.0.1:$db_port (data in $work, removed on exit)"
echo "TaskOverflow on http://localhost:$port/  (Ctrl-C stops both)"

SQLALCHEMY_DATABASE_URI="postgresql://taskoverflow:$app_password@127.0.0.1:$db_port/taskoverflow" \
  PORT=$port java -jar "$jar"
