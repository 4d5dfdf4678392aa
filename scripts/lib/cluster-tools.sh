# shellcheck shell=bash
# kind, helm and kubectl for the kind scripts: the ones on the PATH when there are, else built
# from the Go module proxy at the pinned versions into ${TASKOVERFLOW_CACHE}/tools/bin, which then
# goes first on the PATH of the running script. Sourced after common.sh, lib-test-versions.sh and
# go-build.sh.

TOOLS_BIN=$CACHE_DIR/tools/bin

ensure_cluster_tools() {
  # The pinned builds of an earlier run, when they are current; else the PATH's; else built.
  [[ -x $TOOLS_BIN/kind ]] && ! reports_version "$TOOLS_BIN/kind" "v$KIND_VERSION" version && rm -f "$TOOLS_BIN/kind"
  [[ -x $TOOLS_BIN/helm ]] && ! reports_version "$TOOLS_BIN/helm" "v$HELM_VERSION" version && rm -f "$TOOLS_BIN/helm"
  if [[ -d $TOOLS_BIN ]]; then PATH="$TOOLS_BIN:$PATH"; fi
  command -v kind >/dev/null 2>&1 || pinned_kind >/dev/null
  command -v helm >/dev/null 2>&1 || build_tool helm "v$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION" "-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION"
  # kubectl of the cluster's own version: the one the integration tests use when it is built,
  # else the PATH's, else built like theirs.
  local test_kubectl
  test_kubectl=$(test_bin_dir)/kubectl
  if [[ -x $test_kubectl ]]; then
    PATH="$(dirname "$test_kubectl"):$PATH"
  elif ! command -v kubectl >/dev/null 2>&1; then
    go_env
    timed "kubectl v$K8S_VERSION" kubernetes_build "$TOOLS_BIN" kubectl
    PATH="$TOOLS_BIN:$PATH"
  fi
  command -v curl >/dev/null 2>&1 || apt_install curl
  command -v python3 >/dev/null 2>&1 || apt_install python3
  export PATH
}

# The pinned kind, built if needed, whatever kind the PATH holds: a node image is built with the
# kind whose base files it uses. Prints its path.
pinned_kind() {
  build_tool kind "v$KIND_VERSION" "sigs.k8s.io/kind@v$KIND_VERSION"
  printf '%s\n' "$TOOLS_BIN/kind"
}

# build_tool NAME VERSION PACKAGE@VERSION [LDFLAGS]
build_tool() {
  local name=$1 version=$2 package=$3 ldflags=${4:-}
  if ! reports_version "$TOOLS_BIN/$name" "$version" version; then
    go_env
    timed "$name $version" go_install_pinned "$TOOLS_BIN" "$package" "$ldflags"
  fi
  PATH="$TOOLS_BIN:$PATH"
}
