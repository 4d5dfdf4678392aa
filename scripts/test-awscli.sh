#!/usr/bin/env bash
# Installs the AWS CLI (v1, from PyPI) into a cached virtualenv:
# ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/awscli-venv. The RDS end-to-end scenario runs the
# aws commands of docs/migrating-from-ecs.md with it, against moto. Prints the aws binary's path.
# Idempotent: a venv that already holds the pinned version is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/pinned-venv.sh
source scripts/lib/pinned-venv.sh

venv=$(pinned_venv awscli-venv awscli "$AWSCLI_VERSION")
echo "$venv/bin/aws"
