# shellcheck shell=bash
# Builds pinned tools from the Go module proxy, with Go's module and build caches under
# ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/go so that a second run builds nothing. Sourced
# after scripts/lib/common.sh and scripts/lib-test-versions.sh.

CACHE_DIR=${TASKOVERFLOW_CACHE:-$HOME/.cache/taskoverflow}
GO_WRAPPERS=$CACHE_DIR/go-wrappers

go_env() {
  use_go
  export GOMODCACHE=$CACHE_DIR/go/mod
  export GOCACHE=$CACHE_DIR/go/build
  # Writable module cache, so that `rm -rf` of the cache directory just works.
  export GOFLAGS=-modcacherw
  export CGO_ENABLED=0
}

# Where the test binaries (kube-apiserver, kube-controller-manager, kubectl, etcd, kwok) are
# built, in the layout fabric8 kube-api-test looks up.
test_bin_dir() {
  local arch
  case $(uname -m) in
    aarch64 | arm64) arch=arm64 ;;
    *) arch=amd64 ;;
  esac
  printf '%s/k8s/%s-linux-%s\n' "${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}" "$K8S_VERSION" "$arch"
}

# reports_version BINARY VERSION [ARGS...]: true when BINARY exists and prints VERSION when run
# with ARGS (--version by default), so a version bump in lib-test-versions.sh rebuilds it.
reports_version() {
  local binary=$1 version=$2
  shift 2
  [[ -x $binary ]] || return 1
  [[ $("$binary" "${@:---version}" 2>/dev/null || true) == *"$version"* ]]
}

timed() {
  local what=$1 started=$SECONDS
  shift
  log "building $what"
  "$@"
  log "built $what in $((SECONDS - started)) s"
}

# go_install_pinned OUT_DIR PACKAGE@VERSION [LDFLAGS]: `go install` of a module without replace
# directives, into OUT_DIR.
go_install_pinned() {
  local out=$1 package=$2 ldflags="-s -w ${3:-}"
  mkdir -p "$out"
  GOBIN=$out go install -trimpath -ldflags "$ldflags" "$package"
}

# The Kubernetes commands the project builds; one wrapper module serves them all.
KUBERNETES_COMMANDS=(kube-apiserver kube-controller-manager kubectl kubeadm kubelet kube-scheduler kube-proxy)

# kubernetes_build OUT_DIR COMMAND...: builds k8s.io/kubernetes/cmd/COMMAND at K8S_VERSION.
# k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/client-go, ...) with local
# paths, so `go install k8s.io/kubernetes/cmd/...@vX` is refused. A throw-away wrapper module
# replaces each staging module with its published v0.Y.Z tag instead. Its go.mod is generated
# here, never committed: `go mod tidy` writes go.sum from the proxy and the checksum database.
kubernetes_build() {
  local out=$1
  shift
  local dir=$GO_WRAPPERS/kubernetes-$K8S_VERSION
  local minor=${K8S_VERSION#*.}
  minor=${minor%%.*}
  local staging_version=v0.${K8S_VERSION#*.}
  mkdir -p "$dir" "$out"

  local k8s_gomod
  k8s_gomod=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [[ -f $k8s_gomod ]] || die "cannot read go.mod of k8s.io/kubernetes@v$K8S_VERSION"

  {
    printf 'module local/k8sbin\n\ngo 1.24.0\n\ngodebug default=go1.24\n\n'
    printf 'require k8s.io/kubernetes v%s\n\n' "$K8S_VERSION"
    # One replace line per staging module, read from k8s.io/kubernetes' own go.mod.
    sed -n 's#^[[:space:]]*\(k8s.io/[^[:space:]]*\) => ./staging/src/.*#\1#p' "$k8s_gomod" |
      while read -r module; do printf 'replace %s => %s %s\n' "$module" "$module" "$staging_version"; done
  } >"$dir/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "${KUBERNETES_COMMANDS[@]}"
    printf ')\n'
  } >"$dir/tools.go"
  (cd "$dir" && go mod tidy)
  # A staging module that resolves to the placeholder v0.0.0 would mean a missing replace line.
  local unresolved
  unresolved=$(cd "$dir" && { go list -m all | grep -E '^k8s\.io/[^ ]+ v0\.0\.0$' || true; })
  [[ -z $unresolved ]] || die "staging modules without a published version in $dir/go.mod: $unresolved"

  # What hack/lib/version.sh stamps into release builds; kubectl and the server report it.
  local pkg ldflags="-s -w" command packages=()
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  for command in "$@"; do packages+=("k8s.io/kubernetes/cmd/$command"); done
  rm -rf "$dir/out" && mkdir -p "$dir/out"
  (cd "$dir" && go build -trimpath -ldflags "$ldflags" -o out/ "${packages[@]}")
  mv "$dir"/out/* "$out"/
}
