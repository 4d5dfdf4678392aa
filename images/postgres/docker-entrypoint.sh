#!/bin/bash
# The official postgres image's contract, for the stand-in image: POSTGRES_USER (default
# postgres), POSTGRES_PASSWORD (required), POSTGRES_DB (default: the user) and PGDATA; on the
# first start an empty PGDATA is initialised, with scram-sha-256 for every host connection and
# trust only on the local socket; then the server runs in the foreground as PID 1.
set -euo pipefail

if [[ ${1:-} != postgres ]]; then exec "$@"; fi

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${PGDATA:?PGDATA must be set}"

if [[ ! -s $PGDATA/PG_VERSION ]]; then
  if [[ -z ${POSTGRES_PASSWORD:-} ]]; then
    echo "error: the database is uninitialised and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256
  printf '\nhost all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  if [[ $POSTGRES_DB != postgres ]]; then
    # Only the local socket while the database is made: nobody connects half-way.
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses=''" start
    createdb --username="$POSTGRES_USER" --maintenance-db=postgres -- "$POSTGRES_DB"
    pg_ctl -D "$PGDATA" -m fast -w stop
  fi
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
