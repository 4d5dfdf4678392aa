#!/usr/bin/env bash
# Offline checks of the Terraform roots under terraform/:
#   eks/, ecs-baseline/  init (from the local plugin mirror), fmt -check, validate, terraform test
#                        (mocked AWS provider, plan only; each run block counts as one check);
#                        eks/ also checks the text of the missing-role precondition
#                        (tests/messages/, expected to fail).
#   images/              fmt -check only (its docker provider is not in the mirror), plus the
#                        source-hash tag logic evaluated with terraform console.
# Needs terraform and a filesystem mirror holding registry.terraform.io/hashicorp/aws/<v>/linux_amd64
# (TF_PLUGIN_DIR, else found by the script); without them it says SKIPPED and exits 0.
# Leaves nothing behind in the tree: provider data goes to a temp TF_DATA_DIR, and lock files it
# creates are removed.
set -uo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
tf_root="$repo_root/terraform"

# The machine's local provider mirror: TF_PLUGIN_DIR, else the first directory holding
# registry.terraform.io/hashicorp/aws/<version>/linux_amd64 among the usual places, else anywhere
# up to four levels below /.
find_plugin_dir() {
  local candidate found
  for candidate in "${TF_PLUGIN_DIR:-}" /opt/tf-plugins "$HOME/.terraform.d/plugins" \
    "$HOME/.local/share/terraform/plugins" /usr/local/share/terraform/plugins /usr/share/terraform/plugins; do
    if [[ -n $candidate ]] && compgen -G "$candidate/registry.terraform.io/hashicorp/aws/*/linux_amd64" >/dev/null; then
      echo "$candidate"
      return
    fi
  done
  found=$(find / -xdev -maxdepth 4 -type d -name registry.terraform.io -not -path '/proc/*' 2>/dev/null | head -n 1)
  if [[ -n $found ]] && compgen -G "$found/hashicorp/aws/*/linux_amd64" >/dev/null; then
    dirname "$found"
  fi
}
plugin_dir="$(find_plugin_dir)"

if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIPPED: terraform not installed (Terraform checks not run)"
  exit 0
fi
if [[ -z $plugin_dir ]]; then
  echo "SKIPPED: no local mirror of the AWS provider found (set TF_PLUGIN_DIR; Terraform checks not run)"
  exit 0
fi

# A CLI config variable naming a missing file only makes every command print a warning.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
  unset TF_CLI_CONFIG_FILE
fi
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

work="$(mktemp -d)"
created_locks=()
cleanup() {
  local lock
  for lock in "${created_locks[@]}"; do rm -f "$lock"; done
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
log="$work/step.log"

# check NAME COMMAND...: runs the command quietly; prints its output only when it fails.
check() {
  local name="$1"
  shift
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    printf '  ok    %s\n' "$name"
  else
    failed=$((failed + 1))
    printf '  FAIL  %s\n' "$name"
    sed 's/^/        /' "$log" | tail -n 60
  fi
}

aws_root() {
  local root="$1" dir="$tf_root/$1"
  export TF_DATA_DIR="$work/data-$root"
  [[ -f "$dir/.terraform.lock.hcl" ]] || created_locks+=("$dir/.terraform.lock.hcl")
  echo "terraform/$root"
  check "$root: init (plugin mirror)" terraform -chdir="$dir" init -backend=false -input=false -no-color -plugin-dir="$plugin_dir"
  check "$root: fmt -check" terraform -chdir="$dir" fmt -check -recursive -no-color
  check "$root: validate" terraform -chdir="$dir" validate -no-color
  run_tests "$root" "$dir"
}

# terraform test: every run block counts as one check.
run_tests() {
  local root="$1" dir="$2" rc=0 runs_passed runs_failed
  terraform -chdir="$dir" test -no-color >"$log" 2>&1 || rc=$?
  runs_passed="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 | cut -d' ' -f1)"
  runs_failed="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 | cut -d' ' -f3)"
  runs_passed="${runs_passed:-0}"
  runs_failed="${runs_failed:-0}"
  if [[ $rc -ne 0 && $runs_failed -eq 0 ]]; then runs_failed=1; fi
  passed=$((passed + runs_passed))
  failed=$((failed + runs_failed))
  if [[ $rc -eq 0 ]]; then
    printf '  ok    %s: terraform test, %s runs\n' "$root" "$runs_passed"
    grep -E '^  run "' "$log" | sed 's/^  run /          /'
  else
    printf '  FAIL  %s: terraform test (%s runs passed, %s failed)\n' "$root" "$runs_passed" "$runs_failed"
    sed 's/^/        /' "$log" | tail -n 80
  fi
}

# Passes when the run FAILS and its output holds every expected phrase.
expect_failure_with() {
  local dir="$1" test_dir="$2" output
  shift 2
  if output="$(terraform -chdir="$dir" test -no-color -test-directory="$test_dir" 2>&1)"; then
    echo "$output"
    echo "expected the plan to stop, but it passed"
    return 1
  fi
  # The message is word-wrapped in the output: compare with whitespace folded.
  output="$(tr -s ' \n' ' ' <<<"$output")"
  local phrase
  for phrase in "$@"; do
    if ! grep -qF -- "$phrase" <<<"$output"; then
      echo "$output"
      echo "missing from the message: $phrase"
      return 1
    fi
  done
}

# The source-hash tags of images/ depend on variables and files only: evaluate them on a small
# fixture tree and check that they are stable, ignore target/, and follow source changes.
source_tags() { # prints "<todo tag> <operator tag>"
  echo 'format("%s %s", local.source_tags.todo, local.source_tags.operator)' |
    TF_DATA_DIR="$1/.data" terraform -chdir="$1" console -no-color -var "source_root=$2" | tr -d '"'
}

images_tags() {
  local eval_dir="$work/images-tags" fixture="$work/fixture"
  mkdir -p "$eval_dir" "$fixture/todo-app/src" "$fixture/todo-app/target" "$fixture/operator/src"
  cp "$tf_root/images/variables.tf" "$tf_root/images/sources.tf" "$eval_dir/"
  echo '<project/>' >"$fixture/pom.xml"
  echo 'FROM scratch' >"$fixture/todo-app/Dockerfile"
  echo 'class A {}' >"$fixture/todo-app/src/A.java"
  echo 'class B {}' >"$fixture/operator/src/B.java"
  echo 'built' >"$fixture/todo-app/target/app.jar"

  local todo1 op1 todo2 op2 todo3 op3 todo4 op4
  read -r todo1 op1 < <(source_tags "$eval_dir" "$fixture")
  read -r todo2 op2 < <(source_tags "$eval_dir" "$fixture")
  echo 'rebuilt' >"$fixture/todo-app/target/app.jar"
  read -r todo3 op3 < <(source_tags "$eval_dir" "$fixture")
  echo 'class A { int x; }' >"$fixture/todo-app/src/A.java"
  read -r todo4 op4 < <(source_tags "$eval_dir" "$fixture")
  echo "todo: $todo1 $todo2 $todo3 $todo4; operator: $op1 $op2 $op3 $op4"

  [[ "$todo1" =~ ^[0-9a-f]{12}$ && "$op1" =~ ^[0-9a-f]{12}$ ]] || { echo "tags must be 12 hex digits"; return 1; }
  [[ "$todo1" != "$op1" ]] || { echo "both images got the same tag"; return 1; }
  [[ "$todo1/$op1" == "$todo2/$op2" ]] || { echo "tags differ between two evaluations"; return 1; }
  [[ "$todo1/$op1" == "$todo3/$op3" ]] || { echo "a change under target/ changed a tag"; return 1; }
  [[ "$todo4" != "$todo1" ]] || { echo "a todo-app source change kept the todo tag"; return 1; }
  [[ "$op4" == "$op1" ]] || { echo "a todo-app source change changed the operator tag"; return 1; }
}

start=$SECONDS
echo "Terraform checks ($(terraform version | head -n 1), plugins from $plugin_dir)"

aws_root eks
export TF_DATA_DIR="$work/data-eks"
check "eks: missing LabRole stops the plan with guidance" \
  expect_failure_with "$tf_root/eks" tests/messages \
  'No IAM role for the EKS cluster: cluster_role_arn is not set' \
  'no role named "LabRole"' \
  'AWS Academy Learner Lab accounts have LabRole'

aws_root ecs-baseline
unset TF_DATA_DIR

echo "terraform/images"
check "images: fmt -check (docker provider not available offline)" terraform -chdir="$tf_root/images" fmt -check -recursive -no-color
check "images: source-hash tags" images_tags

echo "took $((SECONDS - start))s"
echo "terraform: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
