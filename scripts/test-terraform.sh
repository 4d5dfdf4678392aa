#!/usr/bin/env bash
# Offline checks of the Terraform roots under terraform/:
#   docs                 every Terraform output and variable that README.md, docs/*.md,
#                        terraform/**/README.md and the chart's README name exists in its root,
#                        and the DB subnet group they name is the one eks/ makes
#                        (scripts/lib/terraform-doc-names.py; also run on a wrong fixture).
#   eks/, ecs-baseline/  init (from the local plugin mirror), fmt -check, validate, terraform test
#                        (mocked AWS provider, plan only; each run block counts as one check);
#                        eks/ also checks the text of the missing-role precondition
#                        (tests/messages/, expected to fail).
#                        eks/ also checks that cluster_public_access_cidrs is required
#                        (tests/required/, expected to fail).
#                        eks/modules/helm-install-command (helm_install_command's text) is
#                        rendered alone from a copy, with no provider, as the e2e test renders it.
#                        ecs-baseline/ also checks the text of db_adoptable_by's validation
#                        (tests/messages/, expected to fail).
#   eks/, ecs-baseline/  applied and destroyed for real against moto_server (the pinned moto of
#                        scripts/test-moto.sh, one server per run, all at once), from a copy of the
#                        tree with a generated *_override.tf that points the AWS provider at moto
#                        (scripts/lib/terraform-moto.sh, shared with scripts/terraform-on-moto.sh):
#                        outputs compared with what moto then holds, state and plan searched for
#                        passwords, and after destroy nothing of the root left in moto. eks/ runs
#                        twice: operator_credentials = node-role in the default VPC, and
#                        pod-identity in a VPC with private subnets (see terraform/README.md for
#                        what moto lacks and is therefore left out). ecs-baseline/ runs with
#                        db_adoptable_by and db_client_security_group_ids set, as before its
#                        database moves onto the operator.
#   images/              init, fmt -check, validate, terraform test (mocked AWS provider: ECR or
#                        the registry variable), the source-hash tag logic evaluated with
#                        terraform console; build-and-push.sh's ECR path with stand-in aws and
#                        docker commands (a tag ECR holds is not pushed again, no latest to
#                        ECR); then applied for real: both images built by the local
#                        Docker engine (on kind-e2e's offline base images where the published ones
#                        cannot be pulled) and pushed to a local registry on 127.0.0.1 (Debian's
#                        docker-registry), the pushed tags compared with the built images and
#                        pulled back, destroyed, the registry stopped.
# Needs terraform and a filesystem mirror holding registry.terraform.io/hashicorp/aws/<v>/linux_amd64
# (TF_PLUGIN_DIR, else found by the script); without them it says SKIPPED and exits 0.
# Leaves nothing behind in the tree: provider data goes to a temp TF_DATA_DIR, and lock files it
# creates are removed.
set -uo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
tf_root="$repo_root/terraform"

# shellcheck source=scripts/lib-test-versions.sh
source "$repo_root/scripts/lib-test-versions.sh"
# shellcheck source=scripts/lib/pinned-venv.sh
source "$repo_root/scripts/lib/pinned-venv.sh"
# The image builds of images/ reuse those of scripts/kind-e2e.sh, whose helpers take paths
# relative to the repository root.
cd "$repo_root" || exit 1
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/docker.sh
source scripts/lib/docker.sh
# shellcheck source=scripts/lib/images.sh
source scripts/lib/images.sh
# shellcheck source=scripts/lib/terraform-moto.sh
source scripts/lib/terraform-moto.sh

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
  local lock pid_file
  for pid_file in "$work"/moto-*.pid "$work"/registry.pid; do
    [[ -f $pid_file ]] && kill "$(cat "$pid_file")" 2>/dev/null
  done
  [[ -f $work/registry.address ]] && remove_local_tags "$(cat "$work/registry.address")"
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
    return 1
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

# The helm command's module rendered as the end-to-end test renders it: a copy on its own, in a
# data directory of its own, init with an empty plugin directory (where a provider it needed would
# not be found), apply, output -raw.
helm_command_renders_alone() {
  local dir="$work/helm-install-command" no_plugins="$work/no-plugins" value
  mkdir -p "$no_plugins"
  cp -R "$tf_root/eks/modules/helm-install-command" "$dir"
  local tf=(env -u TF_DATA_DIR terraform -chdir="$dir")
  "${tf[@]}" init -input=false -no-color -plugin-dir="$no_plugins" || return 1
  "${tf[@]}" apply -auto-approve -input=false -no-color -var operator_namespace=team-ns \
    -var operator_repository=registry.test/operator -var todo_repository=registry.test/todo \
    -var region=eu-west-1 -var rds_subnet_group_name=db-subnets -var rds_security_group_id=sg-0123 || return 1
  "${tf[@]}" output -raw command >"$dir/command" || return 1
  cat "$dir/command"
  echo
  [[ ! -e $dir/.terraform.lock.hcl ]] || { echo "init locked a provider"; return 1; }
  for value in "--namespace team-ns" "image.repository=registry.test/operator" \
    "todoApp.image.repository=registry.test/todo" "aws.region=eu-west-1" \
    "subnetGroupName=db-subnets" "securityGroupIds={sg-0123}"; do
    grep -qF -- "$value" "$dir/command" || { echo "missing from the command: $value"; return 1; }
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

  mkdir -p "$fixture/test-postgres/src"
  echo '<project/>' >"$fixture/test-postgres/pom.xml"
  echo 'class P {}' >"$fixture/test-postgres/src/P.java"

  local todo1 op1 todo2 op2 todo3 op3 todo4 op4 todo5 op5
  read -r todo1 op1 < <(source_tags "$eval_dir" "$fixture")
  read -r todo2 op2 < <(source_tags "$eval_dir" "$fixture")
  echo 'rebuilt' >"$fixture/todo-app/target/app.jar"
  read -r todo3 op3 < <(source_tags "$eval_dir" "$fixture")
  echo 'class A { int x; }' >"$fixture/todo-app/src/A.java"
  read -r todo4 op4 < <(source_tags "$eval_dir" "$fixture")
  # Both Dockerfiles copy the whole test-postgres/ module.
  echo 'class P { int y; }' >"$fixture/test-postgres/src/P.java"
  read -r todo5 op5 < <(source_tags "$eval_dir" "$fixture")
  echo "todo: $todo1 $todo2 $todo3 $todo4 $todo5; operator: $op1 $op2 $op3 $op4 $op5"

  [[ "$todo1" =~ ^[0-9a-f]{12}$ && "$op1" =~ ^[0-9a-f]{12}$ ]] || { echo "tags must be 12 hex digits"; return 1; }
  [[ "$todo1" != "$op1" ]] || { echo "both images got the same tag"; return 1; }
  [[ "$todo1/$op1" == "$todo2/$op2" ]] || { echo "tags differ between two evaluations"; return 1; }
  [[ "$todo1/$op1" == "$todo3/$op3" ]] || { echo "a change under target/ changed a tag"; return 1; }
  [[ "$todo4" != "$todo1" ]] || { echo "a todo-app source change kept the todo tag"; return 1; }
  [[ "$op4" == "$op1" ]] || { echo "a todo-app source change changed the operator tag"; return 1; }
  [[ "$todo5" != "$todo4" && "$op5" != "$op4" ]] || { echo "a test-postgres/ change kept a tag"; return 1; }
}

# ---- images/: build, push to a local registry, pull back -------------------------------------

# free_port: a free TCP port on the loopback address.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

docker_engine() { (ensure_docker_engine); }

# start_registry: Debian's docker-registry on a free loopback port, storing in the temp dir;
# writes its address to $work/registry.address. The Docker engine pushes to 127.0.0.0/8 over
# plain HTTP without being told.
start_registry() {
  command -v docker-registry >/dev/null 2>&1 || (apt_install docker-registry) || return 1
  local port dir="$work/registry"
  port=$(free_port)
  mkdir -p "$dir/storage"
  printf '%s\n' 'version: 0.1' 'log:' '  level: warn' 'storage:' '  filesystem:' \
    "    rootdirectory: $dir/storage" 'http:' "  addr: 127.0.0.1:$port" >"$dir/config.yml"
  docker-registry serve "$dir/config.yml" >"$work/registry.log" 2>&1 &
  echo $! >"$work/registry.pid"
  for _ in $(seq 1 50); do
    if curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then
      echo "127.0.0.1:$port" >"$work/registry.address"
      return
    fi
    sleep 0.2
  done
  echo "docker-registry did not answer: $(tail -n 5 "$work/registry.log")"
  return 1
}

# images_vars FILE REGISTRY: the variables of the apply: the registry, the docker CLI that builds
# with BuildKit, and kind-e2e's base images (published, else stand-ins built here).
images_vars() {
  local file=$1 registry=$2 docker build_args
  docker=$(buildkit_docker) || return 1
  build_args=$(resolve_app_images && printf '%s\n' "${BASE_IMAGE_ARGS[@]}") || return 1
  python3 - "$file" "$registry" "$docker" "$repo_root" "$build_args" <<'EOF'
import json, sys
file, registry, docker, root, args = sys.argv[1:]
pairs = [a.split("=", 1) for a in args.split("\n") if a and a != "--build-arg"]
json.dump({"registry": registry, "docker": docker, "source_root": root,
           "build_args": dict(pairs)}, open(file, "w"), indent=1)
print(", ".join("=".join(p) for p in pairs))
EOF
}

# registry_manifest REGISTRY REPOSITORY TAG: prints the manifest's digest and its config digest,
# which is the image ID the engine gives the image.
registry_manifest() {
  local headers="$work/manifest.headers" body digest
  body=$(curl -fsS -D "$headers" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$1/v2/$2/manifests/$3") || return 1
  digest=$(tr -d '\r' <"$headers" | awk 'tolower($1) == "docker-content-digest:" { print $2 }')
  printf '%s %s\n' "$digest" "$(python3 -c 'import json, sys; print(json.load(sys.stdin)["config"]["digest"])' <<<"$body")"
}

output_value() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["value"])' "$1" "$2"; }

# verify_pushed OUTPUTS REGISTRY: each image output names REGISTRY/taskoverflow-<image>:<12 hex>;
# that tag and latest are the image just built (its ID is the registry manifest's config digest,
# its entrypoint runs the image's own jar), and after the local tags are removed, pulling both
# back gives that image again. helm_image_tag_flags names the same tags.
verify_pushed() {
  local outputs=$1 registry=$2 key image repository tag built digest config latest_digest jar flags
  flags=$(output_value "$outputs" helm_image_tag_flags) || return 1
  for key in todo operator; do
    image=$(output_value "$outputs" "${key}_image") || return 1
    repository=taskoverflow-$key
    tag=${image##*:}
    [[ $image == "$registry/$repository:$tag" && $tag =~ ^[0-9a-f]{12}$ ]] ||
      { echo "${key}_image is $image, expected $registry/$repository:<12 hex digits>"; return 1; }
    [[ $flags == *"=$tag"* ]] || { echo "helm_image_tag_flags ($flags) lacks the $key tag $tag"; return 1; }
    built=$(docker image inspect --format '{{.Id}}' "$image") || return 1
    [[ $(docker image inspect --format '{{.Id}}' "$registry/$repository:latest") == "$built" ]] ||
      { echo "the local latest of $repository is not $image"; return 1; }
    jar=todo-app.jar
    [[ $key == operator ]] && jar=taskoverflow-operator.jar
    [[ $(docker image inspect --format '{{json .Config.Entrypoint}}' "$image") == *"/app/$jar"* ]] ||
      { echo "$image does not run /app/$jar: built from the wrong Dockerfile"; return 1; }
    read -r digest config < <(registry_manifest "$registry" "$repository" "$tag")
    [[ $config == "$built" ]] || { echo "the registry's $repository:$tag is $config, built was $built"; return 1; }
    read -r latest_digest _ < <(registry_manifest "$registry" "$repository" latest)
    [[ $latest_digest == "$digest" ]] ||
      { echo "the registry's latest of $repository is $latest_digest, not $tag ($digest)"; return 1; }
    docker rmi "$image" "$registry/$repository:latest" >/dev/null || return 1
    local ref
    for ref in "$image" "$registry/$repository:latest"; do
      docker pull -q "$ref" >/dev/null || return 1
      [[ $(docker image inspect --format '{{.Id}}' "$ref") == "$built" ]] ||
        { echo "pulling $ref back gave another image than the one built ($built)"; return 1; }
    done
    echo "$key: $image and latest = $built (manifest $digest), pulled back"
  done
}

# source_change_replaces_one DIR VARS: with one more todo-app source, the plan replaces (rebuilds
# and pushes) the todo image and leaves the operator image alone.
source_change_replaces_one() {
  local dir=$1 vars=$2 changed="$work/images-changed.tfvars.json" plan="$work/images-changed.plan"
  local sources
  sources=$(echo 'jsonencode(concat(var.todo_sources, ["README.md"]))' |
    terraform -chdir="$dir" console -no-color -var-file="$vars") || return 1
  python3 - "$vars" "$sources" "$changed" <<'EOF' || return 1
import json, sys
variables = json.load(open(sys.argv[1]))
variables["todo_sources"] = json.loads(json.loads(sys.argv[2]))
json.dump(variables, open(sys.argv[3], "w"))
EOF
  terraform -chdir="$dir" plan -no-color -input=false -var-file="$changed" -out="$plan" >/dev/null || return 1
  terraform -chdir="$dir" show -json "$plan" | python3 -c '
import json, sys
actions = {c["address"]: c["change"]["actions"] for c in json.load(sys.stdin)["resource_changes"]}
print(actions)
assert actions["terraform_data.image[\"todo\"]"] == ["delete", "create"], "todo image not replaced"
assert actions["terraform_data.image[\"operator\"]"] == ["no-op"], "operator image touched"
'
}

# The state of a registry apply holds the two terraform_data resources and nothing read from AWS
# (no ECR lookup, no token).
state_without_aws() {
  python3 - "$1" <<'EOF'
import json, sys
state = json.load(open(sys.argv[1]))
found = sorted(f"{r['mode']}.{r['type']}" for r in state["resources"] for _ in r["instances"])
print(found)
assert found == ["managed.terraform_data"] * 2, "expected two terraform_data instances only"
text = open(sys.argv[1]).read().lower()
for word in ("password", "authorization", "token"):
    assert word not in text, f"the state contains {word!r}"
EOF
}

# registry_keeps_tags REGISTRY OUTPUTS: after destroy both tags are still in the registry.
registry_keeps_tags() {
  local key image tags
  for key in todo operator; do
    image=$(output_value "$2" "${key}_image") || return 1
    tags=$(curl -fsS "http://$1/v2/taskoverflow-$key/tags/list") || return 1
    echo "$tags"
    [[ $tags == *"\"${image##*:}\""* && $tags == *'"latest"'* ]] || { echo "destroy removed a tag of $image"; return 1; }
  done
}

# remove_local_tags REGISTRY: the engine's tags under REGISTRY (the builds stay in BuildKit's cache).
remove_local_tags() {
  local refs
  mapfile -t refs < <(docker image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -F "$1/")
  ((${#refs[@]} == 0)) || docker rmi "${refs[@]}" >/dev/null 2>&1 || true
}

stop_registry() {
  kill "$(cat "$work/registry.pid")" 2>/dev/null
  rm -f "$work/registry.pid"
}

images_apply() {
  echo "terraform/images applied: build with the local Docker engine, push to a local registry, pull back"
  local dir="$work/images" vars="$work/images.tfvars.json" outputs="$work/images.outputs.json"
  local started registry
  check "images: Docker engine answers (dockerd started if none runs)" docker_engine || return
  check "images: local registry (docker-registry) on 127.0.0.1" start_registry || return
  registry=$(cat "$work/registry.address")
  check "images: variables: registry $registry, base images of kind-e2e" images_vars "$vars" "$registry" || return
  echo "        ($(tail -n 1 "$log"))"
  # A copy of the root with placeholder AWS credentials: with `registry` set nothing asks AWS,
  # but the provider still wants credentials to start.
  mkdir -p "$dir"
  tar -C "$tf_root/images" --exclude=.terraform --exclude='*.tfstate*' --exclude=.terraform.lock.hcl -cf - . |
    tar -C "$dir" -xf -
  printf '%s\n' '# Generated by scripts/test-terraform.sh: with the registry variable set, AWS is never called.' \
    'provider "aws" {' '  access_key                  = "unused"' '  secret_key                  = "unused"' \
    '  skip_credentials_validation = true' '  skip_metadata_api_check     = true' \
    '  skip_requesting_account_id  = true' '}' >"$dir/test_override.tf"
  export TF_DATA_DIR="$work/data-images-apply"
  local tf=(terraform -chdir="$dir")
  check "images: init" "${tf[@]}" init -backend=false -input=false -no-color -plugin-dir="$plugin_dir" || return
  started=$SECONDS
  check "images: apply (build and push both images)" "${tf[@]}" apply -auto-approve -no-color -input=false -var-file="$vars" || return
  echo "        (apply: $((SECONDS - started))s)"
  "${tf[@]}" output -json >"$outputs"
  check "images: a second plan has nothing to do" "${tf[@]}" plan -detailed-exitcode -no-color -input=false -var-file="$vars"
  check "images: a todo-app source change replaces the todo build only" source_change_replaces_one "$dir" "$vars"
  check "images: pushed tags are the images built, and pull back as them" verify_pushed "$outputs" "$registry" &&
    sed 's/^/        /' "$log"
  check "images: state holds the two builds and nothing from AWS" state_without_aws "$dir/terraform.tfstate"
  check "images: destroy" "${tf[@]}" destroy -auto-approve -no-color -input=false -var-file="$vars"
  check "images: destroy leaves the pushed tags in the registry" registry_keeps_tags "$registry" "$outputs"
  unset TF_DATA_DIR
  stop_registry
  remove_local_tags "$registry"
}

# build-and-push.sh on its ECR path, with stand-ins for the aws and docker CLIs that log their
# calls: a tag ECR already holds is neither built nor pushed (the repositories are immutable),
# a new one is built and pushed under that tag alone, never as latest.
ecr_push_path() {
  local stubs="$work/ecr-stubs" calls="$work/ecr-calls"
  mkdir -p "$stubs"
  # shellcheck disable=SC2016  # expanded by the stubs
  printf '%s\n' '#!/usr/bin/env bash' 'echo "aws $*" >>"$CALLS"' \
    'if [[ $2 == describe-images ]]; then [[ $* == *"imageTag=$HELD_TAG"* ]]; fi' >"$stubs/aws"
  # shellcheck disable=SC2016
  printf '%s\n' '#!/usr/bin/env bash' 'cat >/dev/null <&0 2>/dev/null || true' 'echo "docker $*" >>"$CALLS"' >"$stubs/docker"
  chmod +x "$stubs/aws" "$stubs/docker"
  local repo=111122223333.dkr.ecr.us-east-1.amazonaws.com/taskoverflow-todo
  run_push() { # TAG HELD_TAG
    : >"$calls"
    PATH="$stubs:$PATH" CALLS=$calls HELD_TAG=$2 DOCKER=docker ECR_REGION=us-east-1 IMAGE="$repo:$1" \
      LATEST="" CONTEXT=. DOCKERFILE=Dockerfile PLATFORM=linux/amd64 BUILD_ARGS="" \
      bash "$tf_root/images/build-and-push.sh" </dev/null >/dev/null
  }
  run_push 0123456789ab 0123456789ab || return 1
  cat "$calls"
  grep -q 'describe-images --region us-east-1 --repository-name taskoverflow-todo --image-ids imageTag=0123456789ab' "$calls" ||
    { echo "ECR was not asked for the tag"; return 1; }
  ! grep -qE '^docker (build|push)' "$calls" || { echo "a tag ECR holds was built or pushed again"; return 1; }
  run_push ba9876543210 0123456789ab || return 1
  cat "$calls"
  grep -q "^docker push $repo:ba9876543210\$" "$calls" || { echo "the new tag was not pushed"; return 1; }
  ! grep -q 'latest' "$calls" || { echo "latest went to ECR"; return 1; }
}

# ---- Apply and destroy against moto_server -------------------------------------------------

moto_python=""
checks="$repo_root/scripts/lib/terraform-moto-checks.py"

# start_moto NAME: a moto_server of its own on a free loopback port; prints its endpoint.
start_moto() {
  local name=$1 port
  port=$("$moto_python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$(dirname "$moto_python")/moto_server" -H 127.0.0.1 -p "$port" >"$work/moto-$name.log" 2>&1 &
  echo $! >"$work/moto-$name.pid"
  for _ in $(seq 1 50); do
    if "$moto_python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/moto-api/')" >/dev/null 2>&1; then
      echo "http://127.0.0.1:$port"
      return
    fi
    sleep 0.2
  done
  echo "moto_server did not start: $(tail -n 5 "$work/moto-$name.log")" >&2
  return 1
}

# moto_cycle LABEL DIR VARS_JSON CHECK_ARGS GONE_ARGS [TARGET_FILTER]: plan, apply, compare with
# moto, search state and plan for passwords, destroy, check that nothing is left. TARGET_FILTER, a
# Python condition on a resource change `c`, limits the apply to the resources it selects (moto
# gaps).
moto_cycle() {
  local label=$1 dir=$2 vars=$3 check_args=$4 gone_args=$5 filter=${6:-}
  local plan="$work/$label.plan" targets=()
  echo "$vars" >"$work/$label.tfvars.json"
  local tf=(terraform -chdir="$dir")
  local var_file=(-var-file="$work/$label.tfvars.json")
  if [[ -n $filter ]]; then
    "${tf[@]}" plan -no-color -input=false "${var_file[@]}" -out="$plan.full" >"$work/$label.full.log" 2>&1
    "${tf[@]}" show -json "$plan.full" >"$work/$label.full.json"
    local select="import json, sys
changes = [c for c in json.load(open(sys.argv[1]))['resource_changes'] if c['mode'] == 'managed']
for c in changes:
    if ($filter) == (sys.argv[2] == 'in'):
        print(c['address'])"
    mapfile -t targets < <("$moto_python" -c "$select" "$work/$label.full.json" in | sed 's/^/-target=/')
    local left_out
    left_out=$("$moto_python" -c "$select" "$work/$label.full.json" out | tr '\n' ' ')
    echo "  (what moto lacks the APIs or AWS-managed policies for, left out of this apply: ${left_out:-nothing})"
  fi
  check "$label: plan" "${tf[@]}" plan -no-color -input=false "${var_file[@]}" "${targets[@]}" -out="$plan"
  check "$label: apply" "${tf[@]}" apply -no-color -input=false "$plan"
  if [[ -n $filter ]]; then
    # A targeted apply leaves out outputs that read data sources no target needs.
    check "$label: outputs recorded (refresh-only apply)" "${tf[@]}" apply -refresh-only -auto-approve \
      -no-color -input=false "${var_file[@]}"
  fi
  "${tf[@]}" output -json >"$work/$label.outputs.json" 2>/dev/null
  "${tf[@]}" show -json "$plan" >"$work/$label.plan.json" 2>/dev/null
  # shellcheck disable=SC2086  # the argument strings are word lists
  check "$label: outputs match what moto holds" "$moto_python" "$checks" "$endpoint" $check_args
  local password=()
  [[ -f "$work/$label.outputs.json.password" ]] && password=("$work/$label.outputs.json.password")
  check "$label: no password in state or plan" "$moto_python" "$checks" "$endpoint" no-password \
    "$dir/terraform.tfstate" "$plan" "$work/$label.plan.json" "${password[@]}"
  check "$label: destroy" "${tf[@]}" destroy -no-color -input=false -auto-approve "${var_file[@]}"
  # shellcheck disable=SC2086
  check "$label: nothing left in moto" "$moto_python" "$checks" "$endpoint" $gone_args
}

# moto_eks JOB MODE: one apply and destroy of eks/ with operator_credentials = MODE. Access
# entries: moto has no EKS access-entry API, so the caller gets none here.
moto_eks() {
  local job=$1 mode=$2 endpoint dir vpc filter
  endpoint=$(start_moto "$job") || return 1
  dir=$(moto_tree eks "$endpoint" "$work/tree-$job")
  export TF_DATA_DIR="$work/moto-data-$job"
  check "$job: init" moto_init "$dir" "$plugin_dir"
  moto_seed "$moto_python" "$endpoint"
  local vars='"cluster_public_access_cidrs": ["203.0.113.0/24"], "grant_admin_to_caller": false'
  # moto has no EKS add-on API (the VPC CNI's and the EBS CSI driver's, in both modes) nor Pod
  # Identity associations, and its IAM lacks the AWS-managed AmazonEBSCSIDriverPolicy.
  filter='c["type"] not in ("aws_eks_addon", "aws_eks_pod_identity_association", "aws_iam_role_policy_attachment")'
  if [[ $mode == pod-identity ]]; then
    # A VPC with private subnets, where the nodes and the DB subnet group must go.
    vpc=$("$moto_python" "$checks" "$endpoint" seed-vpc)
    vars+=", \"operator_credentials\": \"pod-identity\", \"vpc_id\": \"$vpc\""
  fi
  moto_cycle "$job" "$dir" "{$vars}" \
    "eks $work/$job.outputs.json $mode $repo_root/docs/rds-iam-policy.json" eks-gone "$filter"
}

# moto_ecs: one apply and destroy of ecs-baseline/ as it is applied before the operator adopts its
# database: with the adoption consent and a client group standing in for the EKS nodes'.
moto_ecs() {
  local endpoint dir nodes
  endpoint=$(start_moto ecs) || return 1
  dir=$(moto_tree ecs-baseline "$endpoint" "$work/tree-ecs-baseline")
  export TF_DATA_DIR="$work/moto-data-ecs"
  check "ecs-baseline: init" moto_init "$dir" "$plugin_dir"
  moto_seed "$moto_python" "$endpoint"
  nodes=$("$moto_python" "$checks" "$endpoint" seed-security-group eks-nodes) || return 1
  moto_cycle ecs-baseline "$dir" "{\"todo_image\": \"127.0.0.1:5000/taskoverflow-todo:moto\",
    \"db_adoptable_by\": \"team-a/todo\", \"db_client_security_group_ids\": [\"$nodes\"]}" \
    "ecs $work/ecs-baseline.outputs.json team-a/todo $nodes" "ecs-gone taskoverflow-baseline $nodes"
}

# All three runs at once, each against its own moto (the provider mostly waits on its pollers);
# each writes its lines and its counts to files, printed in order afterwards.
moto_tests() {
  echo "terraform/eks and terraform/ecs-baseline against moto_server $MOTO_VERSION"
  local venv job started=$SECONDS
  venv=$(pinned_venv moto-venv moto "$MOTO_VERSION" "moto[server]==$MOTO_VERSION") || {
    failed=$((failed + 1))
    echo "  FAIL  moto $MOTO_VERSION could not be installed"
    return
  }
  moto_python="$venv/bin/python"
  local jobs=("eks-node-role moto_eks eks-node-role node-role"
    "eks-pod-identity moto_eks eks-pod-identity pod-identity"
    "ecs-baseline moto_ecs")
  local spec name command
  for spec in "${jobs[@]}"; do
    read -r name command <<<"$spec"
    (
      # shellcheck disable=SC2030  # counted apart on purpose, and added up below
      passed=0 failed=0 log="$work/step-$name.log"
      # shellcheck disable=SC2086  # the job's words
      $command
      echo "$passed $failed" >"$work/counts-$name"
    ) >"$work/out-$name" 2>&1 &
  done
  wait
  for spec in "${jobs[@]}"; do
    read -r job _ <<<"$spec"
    cat "$work/out-$job"
    local counts=(0 1)
    [[ -f "$work/counts-$job" ]] && read -r -a counts <"$work/counts-$job"
    # shellcheck disable=SC2031  # the main shell's counts; the subshells' are in the files
    passed=$((passed + counts[0])) failed=$((failed + counts[1]))
  done
  echo "  (against moto: $((SECONDS - started))s)"
}

# The docs name Terraform outputs and variables; each must exist in its root.
doc_names="$repo_root/scripts/lib/terraform-doc-names.py"
doc_names_catch_a_wrong_name() {
  local fixture="$work/doc-names"
  mkdir -p "$fixture"
  ln -s "$tf_root" "$fixture/terraform"
  # shellcheck disable=SC2016  # the backticks are the docs' own, not command substitutions
  printf '%s\n' 'Terraform output `no_such_output`, `terraform output -raw region`,' \
    "-var 'no_such_variable=1', subnetGroupName=taskoverflow-db" >"$fixture/README.md"
  local output
  if output=$(python3 "$doc_names" "$fixture"); then
    echo "$output"
    echo "wrong names passed"
    return 1
  fi
  echo "$output"
  # shellcheck disable=SC2016
  grep -q 'output `no_such_output`' <<<"$output" && grep -q 'variable `no_such_variable`' <<<"$output" &&
    grep -q 'subnet group `taskoverflow-db`' <<<"$output" && ! grep -q '`region`' <<<"$output"
}

start=$SECONDS
echo "Terraform checks ($(terraform version | head -n 1), plugins from $plugin_dir)"

echo "docs"
# shellcheck disable=SC2031  # the main shell's log
check "docs: every Terraform output, variable and subnet group they name exists" python3 "$doc_names" "$repo_root" &&
  echo "        ($(head -n 1 "$log"))"
check "docs: the name check catches a wrong output, variable and subnet group" doc_names_catch_a_wrong_name

aws_root eks
export TF_DATA_DIR="$work/data-eks"
check "eks: missing LabRole stops the plan with guidance" \
  expect_failure_with "$tf_root/eks" tests/messages \
  'No IAM role for the EKS cluster: cluster_role_arn is not set' \
  'no role named "LabRole"' \
  'AWS Academy Learner Lab accounts have LabRole'

check "eks: cluster_public_access_cidrs has no default" \
  expect_failure_with "$tf_root/eks" tests/required \
  'required variable "cluster_public_access_cidrs" with no set value'
check "eks: modules/helm-install-command renders alone, with no provider (as the end-to-end test does)" \
  helm_command_renders_alone

aws_root ecs-baseline
export TF_DATA_DIR="$work/data-ecs-baseline"
check "ecs-baseline: a db_adoptable_by that is not <namespace>/<name> stops the plan with its message" \
  expect_failure_with "$tf_root/ecs-baseline" tests/messages \
  'db_adoptable_by must be <namespace>/<name> of the TaskOverflow that may adopt the database, e.g. team-a/todo' \
  'the namespace a DNS-1123 label' 'the name a DNS-1123 subdomain'

aws_root images
check "images: source-hash tags" images_tags
check "images: ECR path skips a tag ECR holds and pushes no latest (stand-in CLIs)" ecr_push_path
unset TF_DATA_DIR

# The images/ apply runs beside the moto runs (which mostly wait); its lines and counts come after.
(
  # shellcheck disable=SC2030  # counted apart on purpose, and added up below
  passed=0 failed=0 log="$work/step-images.log"
  images_apply
  echo "$passed $failed" >"$work/counts-images-apply"
) >"$work/out-images-apply" 2>&1 &
images_job=$!

moto_tests

wait "$images_job" 2>/dev/null  # already reaped when the moto runs waited for all
cat "$work/out-images-apply"
images_counts=(0 1)
[[ -f "$work/counts-images-apply" ]] && read -r -a images_counts <"$work/counts-images-apply"
# shellcheck disable=SC2031  # the main shell's counts
passed=$((passed + images_counts[0])) failed=$((failed + images_counts[1]))

echo "took $((SECONDS - start))s"
echo "terraform: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
