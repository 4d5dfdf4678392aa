#!/usr/bin/env bash
# Static security scan of terraform/ with checkov (pinned, from PyPI, in a cached virtualenv).
# A finding fails the run; a finding accepted on purpose is suppressed in place, inside its
# resource, as `#checkov:skip=CKV_ID:why`, and a suppression without its why fails too.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/pinned-venv.sh
source scripts/lib/pinned-venv.sh

venv=$(pinned_venv checkov-venv checkov "$CHECKOV_VERSION")

unjustified=$(grep -rnE '#[[:space:]]*checkov:skip=[A-Z0-9_]+(:[[:space:]]*)?$' terraform --include='*.tf' || true)
if [[ -n $unjustified ]]; then
  echo "checkov suppressions without a reason (write #checkov:skip=CKV_ID:why):" >&2
  echo "$unjustified" >&2
  exit 1
fi

# --skip-download: no policy or guideline downloads; the checks come with the package.
report=$(mktemp)
trap 'rm -f "$report"' EXIT
rc=0
"$venv/bin/checkov" --directory terraform --framework terraform --skip-download --compact \
  --quiet --output cli >"$report" 2>&1 || rc=$?
summary=$(grep -m 1 -E '^Passed checks:' "$report" || true)
if [[ $rc -ne 0 || -z $summary ]]; then
  cat "$report"
  echo "checkov $CHECKOV_VERSION: findings in terraform/ (above)" >&2
  exit 1
fi
echo "checkov $CHECKOV_VERSION on terraform/: $summary (each skip justified in place)"
