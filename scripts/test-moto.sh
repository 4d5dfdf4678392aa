#!/usr/bin/env bash
# Installs moto_server, the AWS API emulator the operator's RDS integration tests run against,
# into a cached virtualenv: ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/moto-venv.
# Idempotent: a venv that already holds the pinned moto version is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/pinned-venv.sh
source scripts/lib/pinned-venv.sh

venv=$(pinned_venv moto-venv moto "$MOTO_VERSION" "moto[server]==$MOTO_VERSION")
echo "moto_server $MOTO_VERSION: $venv/bin/moto_server"
