# shellcheck shell=bash
# kind, helm and kubectl for the kind scripts: the ones on the PATH when there are, else built
# from the Go module proxy at the pinned versions into ${TASKOVERFLOW_CACHE}/tools/bin, which then
# goes first on the PATH of the running script. Sourced after common.sh, lib-test-versions.sh and
# go-build.sh.

TOOLS_BIN=$CACHE_DIR/tools/bin

ensure_cluster_tools() {
  # The pinned builds of an earlier run, when they are current; else the PATH's; else built.
  [[ -x $TOOLS_BIN/kind ]] && ! reports_version "$TOOLS_BIN/kind" "v$KIND_VERSION" version && rm -f "$TOOLS_BIN/kind"
  [[ -x $TOOLS_BIN/helm ]] && ! reports_version "$TOOLS_BIN/helm" "$(pinned_helm_version)" version && rm -f "$TOOLS_BIN/helm"
  if [[ -d $TOOLS_BIN ]]; then PATH="$TOOLS_BIN:$PATH"; fi
  command -v kind >/dev/null 2>&1 || pinned_kind >/dev/null
  command -v helm >/dev/null 2>&1 || pinned_helm >/dev/null
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

# The pinned helm, built if needed, whatever helm the PATH holds. Prints its path.
#
# `go install` leaves helm's default Kubernetes version at v1.20, below the chart's kubeVersion, so
# `helm template` and `helm lint` would need --kube-version. The build sets it to K8S_VERSION's
# minor version (as helm's own Makefile does from its client-go), and names that minor in helm's
# build metadata (v3.19.5+k8s1.34): `helm version` shows it, and a bump of K8S_VERSION rebuilds
# helm as a bump of HELM_VERSION does.
pinned_helm() {
  local major=${K8S_VERSION%%.*} minor=${K8S_VERSION#*.}
  minor=${minor%%.*}
  local ldflags="-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION"
  ldflags+=" -X helm.sh/helm/v3/internal/version.metadata=k8s$major.$minor"
  local package
  for package in chartutil lint/rules; do
    ldflags+=" -X helm.sh/helm/v3/pkg/$package.k8sVersionMajor=$major"
    ldflags+=" -X helm.sh/helm/v3/pkg/$package.k8sVersionMinor=$minor"
  done
  build_tool helm "$(pinned_helm_version)" "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION" "$ldflags"
  printf '%s\n' "$TOOLS_BIN/helm"
}

# What the pinned helm's `helm version` reports: v<HELM_VERSION>+k8s<major.minor of K8S_VERSION>.
pinned_helm_version() {
  printf 'v%s+k8s%s\n' "$HELM_VERSION" "${K8S_VERSION%.*}"
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
