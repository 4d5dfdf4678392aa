# shellcheck shell=bash
# The two jars the todo-app benchmark compares: the working tree's and a baseline commit's, each
# with the JVM options of its own todo-app/Dockerfile. Sourced after common.sh.

# The image's JVM options at a commit ("" for the working tree): the one ENV JAVA_TOOL_OPTIONS line.
image_java_opts() {
  local commit=${1:-} dockerfile
  if [[ -n "$commit" ]]; then
    dockerfile=$(git show "$commit:todo-app/Dockerfile")
  else
    dockerfile=$(cat todo-app/Dockerfile)
  fi
  sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' <<< "$dockerfile"
}

# baseline_jar COMMIT: prints the path of the todo-app jar built from COMMIT, building it once into
# target/bench-baseline/<full commit>/ from `git archive` (offline Maven); later runs reuse it.
baseline_jar() {
  local commit cache src
  commit=$(git rev-parse --verify "$1^{commit}") || die "unknown baseline commit $1"
  cache=target/bench-baseline/$commit
  if [[ ! -f "$cache/todo-app.jar" ]]; then
    log "building the baseline todo-app jar of ${commit:0:7}"
    src=$cache/src
    rm -rf "$src"
    mkdir -p "$src"
    git archive "$commit" pom.xml crd test-postgres operator todo-app | tar -x -C "$src"
    (cd "$src" && mvn -B -o -q -pl todo-app -am package -DskipTests -Dspotless.check.skip=true) >&2
    cp "$src/todo-app/target/todo-app.jar" "$cache/todo-app.jar"
    rm -rf "$src"
  fi
  echo "$cache/todo-app.jar"
}
