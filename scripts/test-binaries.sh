#!/usr/bin/env bash
# Builds the real Kubernetes binaries the operator's integration tests run against
# (kube-apiserver, kubectl, etcd, kube-controller-manager, kwok) from the Go module proxy,
# because this project's machines cannot download release binaries or container images.
#
# Output: ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<X.Y.Z>-linux-<arch>/, the layout that
# fabric8 kube-api-test looks up. Go's module and build caches live under
# ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}/go so that a second run (or a CI cache) is fast.
# Idempotent: binaries that exist at the pinned version are not rebuilt.
set -euo pipefail

# K8S_VERSION, ETCD_VERSION, KWOK_VERSION
# shellcheck source-path=SCRIPTDIR source=lib-test-versions.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-test-versions.sh"

log() { printf 'test-binaries: %s\n' "$*" >&2; }

if ! command -v go >/dev/null; then
  log "needs the go command (Go 1.24 or newer) to build the binaries from the Go module proxy"
  exit 1
fi

CACHE_DIR=${TASKOVERFLOW_CACHE:-$HOME/.cache/taskoverflow}
KUBE_API_TEST_DIR=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}
BIN_DIR=$KUBE_API_TEST_DIR/k8s/$K8S_VERSION-linux-$(go env GOARCH)
WORK_DIR=$CACHE_DIR/go-wrappers

export GOMODCACHE=$CACHE_DIR/go/mod
export GOCACHE=$CACHE_DIR/go/build
# Writable module cache, so that `rm -rf` of the cache directory just works.
export GOFLAGS=-modcacherw
export CGO_ENABLED=0

# True when binary $1 is missing or does not report version $2 (so a version bump rebuilds it);
# further arguments are how it prints its version, --version by default.
needs_build() {
  local binary=$BIN_DIR/$1 version=$2
  shift 2
  [[ -x $binary ]] || return 0
  local reported
  reported=$("$binary" "${@:---version}" 2>/dev/null || true)
  [[ $reported != *"$version"* ]]
}

timed() {
  local what=$1 started=$SECONDS
  shift
  log "building $what"
  "$@"
  log "built $what in $((SECONDS - started)) s"
}

# k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/client-go, ...) with local
# paths, so `go install k8s.io/kubernetes/cmd/...@vX` is refused. A throw-away wrapper module
# replaces each staging module with its published v0.Y.Z tag instead. Its go.mod is generated
# here, never committed: `go mod tidy` writes go.sum from the proxy and the checksum database.
build_kubernetes() {
  local dir=$WORK_DIR/kubernetes-$K8S_VERSION
  local minor=${K8S_VERSION#*.}
  minor=${minor%%.*}
  local staging_version=v0.${K8S_VERSION#*.}
  mkdir -p "$dir" "$BIN_DIR"

  local k8s_gomod
  k8s_gomod=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [[ -f $k8s_gomod ]] || { log "cannot read go.mod of k8s.io/kubernetes@v$K8S_VERSION"; exit 1; }

  {
    printf 'module local/k8sbin\n\ngo 1.24.0\n\ngodebug default=go1.24\n\n'
    printf 'require k8s.io/kubernetes v%s\n\n' "$K8S_VERSION"
    # One replace line per staging module, read from k8s.io/kubernetes' own go.mod.
    sed -n 's#^[[:space:]]*\(k8s.io/[^[:space:]]*\) => ./staging/src/.*#\1#p' "$k8s_gomod" |
      while read -r module; do printf 'replace %s => %s %s\n' "$module" "$module" "$staging_version"; done
  } >"$dir/go.mod"
  cat >"$dir/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  (cd "$dir" && go mod tidy)
  # A staging module that resolves to the placeholder v0.0.0 would mean a missing replace line.
  local unresolved
  unresolved=$(cd "$dir" && { go list -m all | grep -E '^k8s\.io/[^ ]+ v0\.0\.0$' || true; })
  if [[ -n $unresolved ]]; then
    log "staging modules without a published version in $dir/go.mod:"
    printf '%s\n' "$unresolved" >&2
    exit 1
  fi

  # What hack/lib/version.sh stamps into release builds; kubectl and the server report it.
  local pkg ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  rm -rf "$dir/out" && mkdir -p "$dir/out"
  (cd "$dir" && go build -trimpath -ldflags "$ldflags" -o out/ \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kubectl)
  mv "$dir"/out/* "$BIN_DIR"/
}

build_etcd() {
  local dir=$WORK_DIR/etcd-$ETCD_VERSION
  mkdir -p "$dir" "$BIN_DIR"
  printf 'module local/etcdbin\n\ngo 1.24.0\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD_VERSION" >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$dir/tools.go"
  (cd "$dir" && go mod tidy)
  (cd "$dir" && go build -trimpath -ldflags "-s -w" -o out/etcd go.etcd.io/etcd/server/v3)
  mv "$dir/out/etcd" "$BIN_DIR/etcd"
}

# KWOK has no replace directives, so plain `go install` works.
build_kwok() {
  local gobin=$WORK_DIR/kwok-$KWOK_VERSION
  GOBIN=$gobin go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
  mkdir -p "$BIN_DIR"
  mv "$gobin/kwok" "$BIN_DIR/kwok"
}

if needs_build kube-apiserver "v$K8S_VERSION" ||
  needs_build kube-controller-manager "v$K8S_VERSION" ||
  needs_build kubectl "v$K8S_VERSION" version --client; then
  timed "kube-apiserver, kube-controller-manager, kubectl v$K8S_VERSION" build_kubernetes
fi
if needs_build etcd "$ETCD_VERSION"; then timed "etcd v$ETCD_VERSION" build_etcd; fi
if needs_build kwok "v$KWOK_VERSION"; then timed "kwok v$KWOK_VERSION" build_kwok; fi

echo "Kubernetes test binaries in $BIN_DIR:"
echo "  kube-apiserver          $("$BIN_DIR/kube-apiserver" --version)"
echo "  kube-controller-manager $("$BIN_DIR/kube-controller-manager" --version)"
echo "  kubectl                 $("$BIN_DIR/kubectl" version --client 2>/dev/null | head -n 1)"
echo "  etcd                    $("$BIN_DIR/etcd" --version | head -n 1)"
echo "  kwok                    $("$BIN_DIR/kwok" --version 2>/dev/null | head -n 1)"
