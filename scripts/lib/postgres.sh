# shellcheck shell=bash
# A throw-away PostgreSQL from the machine's packages (Debian's postgresql), for the local run
# and the benchmarks. PostgreSQL refuses to run as root, so as root it runs as "postgres".

pg_bin_dir() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1)
  if [[ -z "$dir" ]]; then
    echo "PostgreSQL server not found: apt-get install postgresql" >&2
    return 1
  fi
  echo "$dir"
}

as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# pg_start DIR PORT SUPERUSER_PASSWORD: initialises a cluster in DIR and starts it on 127.0.0.1:PORT.
pg_start() {
  local dir=$1 port=$2 password=$3 bin
  bin=$(pg_bin_dir)
  mkdir -p "$dir"
  printf '%s' "$password" > "$dir/pwfile"
  if [[ "$(id -u)" == 0 ]]; then chown -R postgres "$dir"; fi
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C > "$dir/initdb.log"
  rm -f "$dir/pwfile"
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=200" \
    start > /dev/null
}

# pg_stop DIR
pg_stop() {
  local bin
  bin=$(pg_bin_dir)
  as_postgres "$bin/pg_ctl" -D "$1/data" -m fast -w stop > /dev/null 2>&1 || true
}

# pg_create_db PORT SUPERUSER_PASSWORD NAME PASSWORD: a login role owning a database of its name.
pg_create_db() {
  local port=$1 superuser_password=$2 name=$3 password=$4
  PGPASSWORD=$superuser_password psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres \
    -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
SQL
}

random_secret() {
  head -c 18 /dev/urandom | base64 | tr -d '/+='
}
