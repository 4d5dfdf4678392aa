#!/usr/bin/env bash
# Prepares a Terraform root to run against a moto_server of the caller's, the way
# scripts/test-terraform.sh prepares its own moto runs (scripts/lib/terraform-moto.sh): for an
# end-to-end test that makes AWS resources exactly as a root makes them, in the moto the operator
# talks to.
#
#   scripts/terraform-on-moto.sh ROOT ENDPOINT WORKDIR
#     ROOT      eks or ecs-baseline
#     ENDPOINT  the moto_server, e.g. http://172.18.0.1:40123
#     WORKDIR   an empty or missing directory; it gets a copy of terraform/ (and the docs the roots
#               read) with ROOT/moto_override.tf: every AWS service at ENDPOINT, static test
#               credentials
#
# Seeds moto with what the roots look up instead of creating (LabRole; kept if moto has it), runs
# terraform init from the local plugin mirror (TF_PLUGIN_DIR, else found as test-terraform.sh
# finds it) and prints ROOT's directory in WORKDIR, the only line on stdout. The caller applies:
#
#   dir=$(scripts/terraform-on-moto.sh ecs-baseline "$endpoint" "$(mktemp -d)")
#   terraform -chdir="$dir" apply -auto-approve -var todo_image=... -var db_adoptable_by=team-a/todo
#   terraform -chdir="$dir" state rm ...
#   terraform -chdir="$dir" destroy -auto-approve -var todo_image=... -var db_adoptable_by=team-a/todo
#
# without TF_DATA_DIR (init put the providers in <dir>/.terraform; the state is <dir>/terraform.tfstate).
# Needs terraform and the pinned moto's venv for boto3 (installed as scripts/test-moto.sh does).
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/common.sh
source "$repo_root/scripts/lib/common.sh"
# shellcheck source=scripts/lib-test-versions.sh
source "$repo_root/scripts/lib-test-versions.sh"
# shellcheck source=scripts/lib/pinned-venv.sh
source "$repo_root/scripts/lib/pinned-venv.sh"
# shellcheck source=scripts/lib/terraform-moto.sh
source "$repo_root/scripts/lib/terraform-moto.sh"

[[ $# -eq 3 ]] || die "usage: $0 ROOT ENDPOINT WORKDIR (ROOT: eks or ecs-baseline)"
root=$1 endpoint=${2%/} workdir=$3
[[ $root == eks || $root == ecs-baseline ]] || die "ROOT must be eks or ecs-baseline, not $root"
[[ $endpoint =~ ^https?://[^/]+$ ]] || die "ENDPOINT must be a URL such as http://172.18.0.1:40123, not $endpoint"
mkdir -p "$workdir"
[[ -z $(ls -A "$workdir") ]] || die "WORKDIR $workdir is not empty"
workdir=$(cd "$workdir" && pwd)

command -v terraform >/dev/null 2>&1 || die "terraform is not installed"
plugin_dir=$(find_plugin_dir)
[[ -n $plugin_dir ]] || die "no local mirror of the AWS provider found (set TF_PLUGIN_DIR)"
# A CLI config variable naming a missing file only makes every command print a warning.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
  unset TF_CLI_CONFIG_FILE
fi
# The caller's terraform commands find the providers in the root's own .terraform.
unset TF_DATA_DIR
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

venv=$(pinned_venv moto-venv moto "$MOTO_VERSION" "moto[server]==$MOTO_VERSION")
dir=$(moto_tree "$root" "$endpoint" "$workdir")
moto_seed "$venv/bin/python" "$endpoint" >&2 || die "could not seed LabRole in moto at $endpoint (is moto_server there?)"
moto_init "$dir" "$plugin_dir" >&2 || die "terraform init of $dir failed (above)"
echo "$dir"
