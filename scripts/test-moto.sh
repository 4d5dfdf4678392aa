#!/usr/bin/env bash
# Installs moto_server, the AWS API emulator the operator's RDS integration tests run against,
# into a cached virtualenv: ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/moto-venv.
# Idempotent: a venv that already holds the pinned moto version is left alone.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib-test-versions.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-test-versions.sh"

CACHE_DIR=${TASKOVERFLOW_CACHE:-$HOME/.cache/taskoverflow}
VENV_DIR=$CACHE_DIR/moto-venv
export PIP_DISABLE_PIP_VERSION_CHECK=1

installed_version() {
  "$VENV_DIR/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null || true
}

if [[ ! -x $VENV_DIR/bin/moto_server || $(installed_version) != "$MOTO_VERSION" ]]; then
  echo "test-moto: installing moto[server]==$MOTO_VERSION into $VENV_DIR" >&2
  rm -rf "$VENV_DIR"
  if ! python3 -m venv "$VENV_DIR"; then
    echo "test-moto: 'python3 -m venv' failed; on Debian install python3-venv" >&2
    exit 1
  fi
  "$VENV_DIR/bin/pip" install --quiet "moto[server]==$MOTO_VERSION"
fi

echo "moto_server $(installed_version): $VENV_DIR/bin/moto_server"
