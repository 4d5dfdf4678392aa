#!/usr/bin/env bash
# Runs shellcheck on every shell script of the repository: scripts/*.sh, scripts/lib/*.sh, .ci/run,
# the kind docker shim, the entrypoints of the stand-in images and terraform/images' build script.
# Exits non-zero when a script has findings, or when the tool is missing (on Debian the package is
# named like the tool). Prints "N passed, N failed", one count per script.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck not installed: apt-get install shellcheck (or brew install shellcheck)" >&2
  exit 1
fi

passed=0
failed=0
for script in scripts/*.sh scripts/lib/*.sh .ci/run scripts/lib/kind-docker-shim/docker \
  images/postgres/docker-entrypoint.sh images/kind-node/node-entrypoint \
  terraform/images/build-and-push.sh; do
  [[ -f "$script" ]] || continue
  # -x follows `source` (paths relative to the repository root, as the scripts use them).
  if shellcheck -x "$script"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "shellcheck found problems in $script (above)" >&2
  fi
done
echo "shellcheck: $passed passed, $failed failed"
((failed == 0))
