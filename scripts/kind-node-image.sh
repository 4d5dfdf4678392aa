#!/usr/bin/env bash
# Builds a kind node image for Kubernetes $K8S_VERSION without any registry, for machines that
# cannot pull kindest/node: every piece from the Go module proxy or Debian's packages.
#
#   1. binaries: kubeadm, kubelet, kube-scheduler, kube-proxy (plus the test binaries
#      kube-apiserver, kube-controller-manager, kubectl, etcd), crictl, CoreDNS,
#      local-path-provisioner, kube-router's NetworkPolicy firewall (images/kube-router), and a
#      pause program compiled from images/kind-node/pause.c;
#   2. the node's base image (images/kind-node/base.Dockerfile) with kind's own files;
#   3. the control-plane and add-on images kubeadm and kind expect, from those binaries, and the
#      firewall's image, which scripts/lib/kind.sh runs;
#   4. a Kubernetes release tarball holding them, and `kind build node-image --type file`.
#
# Prints the node image's name. Idempotent: an image built from the same inputs is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib-test-versions.sh
source scripts/lib-test-versions.sh
# shellcheck source=scripts/lib/go-build.sh
source scripts/lib/go-build.sh
# shellcheck source=scripts/lib/docker.sh
source scripts/lib/docker.sh
# shellcheck source=scripts/lib/images.sh
source scripts/lib/images.sh
# shellcheck source=scripts/lib/cluster-tools.sh
source scripts/lib/cluster-tools.sh

NODE_IMAGE=$LOCAL_PREFIX/kind-node:v$K8S_VERSION
BASE_IMAGE=$LOCAL_PREFIX/kind-base:v$KIND_VERSION
NODE_BIN=$CACHE_DIR/kind-node/bin
TEST_BIN=$(test_bin_dir)

ensure_docker_engine
kind=$(pinned_kind)
command -v python3 >/dev/null 2>&1 || apt_install python3
# The firewall's DaemonSet (kube-router.yaml) is applied by kind.sh: it is no input of the image.
KUBE_ROUTER_INPUTS=(images/kube-router/{go.mod,go.sum,main.go,Dockerfile})
inputs=$(hash_inputs images/kind-node "$0" scripts/lib/rename-image-archive.py "${KUBE_ROUTER_INPUTS[@]}")
if [[ $(image_label "$NODE_IMAGE" io.taskoverflow.inputs) == "$inputs" ]]; then
  printf '%s\n' "$NODE_IMAGE"
  exit 0
fi

# --- 1. binaries -------------------------------------------------------------------------------
go_env
scripts/test-binaries.sh >&2 # kube-apiserver, kube-controller-manager, kubectl, etcd
mkdir -p "$NODE_BIN"
if ! reports_version "$NODE_BIN/kubeadm" "v$K8S_VERSION" version -o short ||
  ! reports_version "$NODE_BIN/kubelet" "v$K8S_VERSION" ||
  ! reports_version "$NODE_BIN/kube-scheduler" "v$K8S_VERSION" ||
  ! reports_version "$NODE_BIN/kube-proxy" "v$K8S_VERSION"; then
  timed "kubeadm, kubelet, kube-scheduler, kube-proxy v$K8S_VERSION" \
    kubernetes_build "$NODE_BIN" kubeadm kubelet kube-scheduler kube-proxy
fi
if ! reports_version "$NODE_BIN/crictl" "v$CRICTL_VERSION"; then
  timed "crictl v$CRICTL_VERSION" go_install_pinned "$NODE_BIN" \
    "sigs.k8s.io/cri-tools/cmd/crictl@v$CRICTL_VERSION" \
    "-X sigs.k8s.io/cri-tools/pkg/version.Version=v$CRICTL_VERSION"
fi
# The binary is rebuilt when its version or its plugin list (main.go) changes.
coredns_main=$(sha256sum images/kind-node/coredns/main.go | cut -d' ' -f1)
if ! reports_version "$NODE_BIN/coredns" "$COREDNS_VERSION" -version ||
  [[ $(cat "$NODE_BIN/coredns.main.sha256" 2>/dev/null) != "$coredns_main" ]]; then
  # A main of our own with only the plugins kubeadm's Corefile uses: the whole plugin set would
  # take minutes longer to build. Its go.mod is generated, like the Kubernetes wrapper's.
  build_coredns() {
    local dir=$GO_WRAPPERS/coredns-$COREDNS_VERSION
    mkdir -p "$dir"
    cp images/kind-node/coredns/main.go "$dir/main.go"
    printf 'module local/corednsbin\n\ngo 1.24.0\n\nrequire github.com/coredns/coredns v%s\n' \
      "$COREDNS_VERSION" >"$dir/go.mod"
    (cd "$dir" && go mod tidy && go build -trimpath -ldflags "-s -w" -o "$NODE_BIN/coredns" .)
    printf '%s\n' "$coredns_main" >"$NODE_BIN/coredns.main.sha256"
  }
  timed "CoreDNS v$COREDNS_VERSION" build_coredns
fi
if [[ ! -x $NODE_BIN/local-path-provisioner ]]; then
  timed "local-path-provisioner v$LOCAL_PATH_PROVISIONER_VERSION" go_install_pinned "$NODE_BIN" \
    "github.com/rancher/local-path-provisioner@v$LOCAL_PATH_PROVISIONER_VERSION"
fi
# The firewall's module pins its versions (go.mod, go.sum); the binary reports the hash of its
# sources, so any change to them rebuilds it.
kube_router_version=v$(sed -n 's#^[[:space:]]*github.com/cloudnativelabs/kube-router/v2 v##p' images/kube-router/go.mod)
kube_router_build=$kube_router_version+$(cat images/kube-router/{go.mod,go.sum,main.go} | sha256sum | cut -c1-12)
if [[ $("$NODE_BIN/kube-router" --version 2>&1 || true) != *" version $kube_router_build,"* ]]; then
  build_kube_router() {
    (cd images/kube-router && go build -trimpath -o "$NODE_BIN/kube-router" \
      -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$kube_router_build" .)
  }
  timed "kube-router $kube_router_version (NetworkPolicy firewall)" build_kube_router
fi
if [[ ! -x $NODE_BIN/pause || images/kind-node/pause.c -nt $NODE_BIN/pause ]]; then
  apt_install gcc libc6-dev
  gcc -Os -static -o "$NODE_BIN/pause" images/kind-node/pause.c
  strip "$NODE_BIN/pause"
fi

# --- 2. base image -----------------------------------------------------------------------------
ensure_local_debian
kind_module=$(go mod download -json "sigs.k8s.io/kind@v$KIND_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d $kind_module/images/base/files ]] || die "kind v$KIND_VERSION's images/base/files not found in the Go module cache"
work=$(mktemp -d -t taskoverflow-node.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/base"
cp -r "$kind_module/images/base/files" "$work/base/files"
chmod -R u+w "$work/base"
cp images/kind-node/base.Dockerfile images/kind-node/10-bridge.conflist images/kind-node/node-entrypoint "$work/base/"
cp "$NODE_BIN/crictl" "$work/base/crictl"
log "building the node's base image $BASE_IMAGE"
docker_build -q -t "$BASE_IMAGE" --build-arg "DEBIAN_IMAGE=$LOCAL_DEBIAN_IMAGE" \
  -f "$work/base/base.Dockerfile" "$work/base" >/dev/null || die "building $BASE_IMAGE failed"

# --- 3. component images -----------------------------------------------------------------------
# Each gets a local name; the names kubeadm and kind look for exist only inside the node image,
# written into the archive below. static_image NAME BINARY [ENTRYPOINT]: the binary alone.
static_image() {
  local name=$1 binary=$2 entrypoint=${3:-} dir=$work/static/${1//[:\/]/_}
  mkdir -p "$dir/usr/local/bin"
  cp "$binary" "$dir/usr/local/bin/"
  local changes=(--change 'ENV PATH=/usr/local/bin:/usr/bin:/bin')
  [[ -z $entrypoint ]] || changes+=(--change "ENTRYPOINT [\"/usr/local/bin/$entrypoint\"]")
  tar -C "$dir" -c . | docker import "${changes[@]}" - "$name" >/dev/null
}
component() { printf '%s/k8s-%s:v%s' "$LOCAL_PREFIX" "$1" "$K8S_VERSION"; }
static_image "$(component kube-apiserver)" "$TEST_BIN/kube-apiserver"
static_image "$(component kube-controller-manager)" "$TEST_BIN/kube-controller-manager"
static_image "$(component kube-scheduler)" "$NODE_BIN/kube-scheduler"
static_image "$(component etcd)" "$TEST_BIN/etcd"
static_image "$(component coredns)" "$NODE_BIN/coredns" coredns
static_image "$(component pause)" "$NODE_BIN/pause" pause
static_image "$(component local-path-provisioner)" "$NODE_BIN/local-path-provisioner"
# kube-proxy programs iptables: it needs their userspace tools.
mkdir -p "$work/kube-proxy"
cp "$NODE_BIN/kube-proxy" "$work/kube-proxy/"
docker_build -q -t "$(component kube-proxy)" --build-arg "DEBIAN_IMAGE=$LOCAL_DEBIAN_IMAGE" \
  -f images/kind-node/kube-proxy.Dockerfile "$work/kube-proxy" >/dev/null || die "building kube-proxy's image failed"
# The firewall runs under the name its DaemonSet gives (never pulled); that tag must be the
# version go.mod builds.
kube_router_image=$(sed -n 's/^[[:space:]]*image:[[:space:]]*//p' images/kube-router/kube-router.yaml)
[[ $kube_router_image == "$LOCAL_PREFIX/kube-router:$kube_router_version" ]] ||
  die "images/kube-router/kube-router.yaml runs $kube_router_image, not the $LOCAL_PREFIX/kube-router:$kube_router_version that go.mod builds"
mkdir -p "$work/kube-router"
cp "$NODE_BIN/kube-router" "$work/kube-router/"
docker_build -q -t "$kube_router_image" --build-arg "DEBIAN_IMAGE=$LOCAL_DEBIAN_IMAGE" \
  -f images/kube-router/Dockerfile "$work/kube-router" >/dev/null || die "building kube-router's image failed"

# The names expected: kubeadm's list for this version, the sandbox image of kind's containerd
# config, and the add-ons kind's node image build requires (read from kind's source).
kind_const() { sed -n "s/^const $1 = \"\(.*\)\"$/\1/p" "$kind_module/pkg/build/nodeimage/$2"; }
mapping=()
while read -r expected; do
  case $expected in
    */kube-apiserver:*) mapping+=("$(component kube-apiserver)=$expected") ;;
    */kube-controller-manager:*) mapping+=("$(component kube-controller-manager)=$expected") ;;
    */kube-scheduler:*) mapping+=("$(component kube-scheduler)=$expected") ;;
    */kube-proxy:*) mapping+=("$(component kube-proxy)=$expected") ;;
    */etcd:*) mapping+=("$(component etcd)=$expected") ;;
    */coredns:*) mapping+=("$(component coredns)=$expected") ;;
    */pause:*) mapping+=("$(component pause)=$expected") ;;
    *) die "kubeadm expects an image this script does not build: $expected" ;;
  esac
done < <("$NODE_BIN/kubeadm" config images list --kubernetes-version "v$K8S_VERSION")
((${#mapping[@]} == 7)) || die "kubeadm config images list named ${#mapping[@]} images, not the 7 expected"
sandbox=$(sed -n 's/^[[:space:]]*sandbox_image = "\(.*\)"$/\1/p' "$kind_module/images/base/files/etc/containerd/config.toml")
mapping+=("$(component pause)=$sandbox")
mapping+=("$(component local-path-provisioner)=$(kind_const storageProvisionerImage const_storage.go)")
# The helper runs shell commands to make and remove volume folders: Debian's shell serves.
mapping+=("$LOCAL_DEBIAN_IMAGE=$(kind_const storageHelperImage const_storage.go)")
# kind's node image build insists on its CNI image, which cannot be built here. These clusters
# never run it (they disable kind's CNI; the bridge plugin serves): the Debian image holds its name.
mapping+=("$LOCAL_DEBIAN_IMAGE=$(kind_const kindnetdImage const_cni.go)")
# Not one kind expects: the name a pod's short image name means to containerd.
mapping+=("$kube_router_image=docker.io/$kube_router_image")

# --- 4. release tarball and node image ---------------------------------------------------------
# `kind build node-image --type file` reads kubernetes/version and kubernetes/server/bin/
# {kubeadm,kubelet,kubectl,<component>.tar}; it pulls only the images missing from those
# archives. So kube-proxy.tar carries every other image too, under the names expected.
release=$work/release/kubernetes
mkdir -p "$release/server/bin"
echo "v$K8S_VERSION" >"$release/version"
cp "$NODE_BIN/kubeadm" "$NODE_BIN/kubelet" "$TEST_BIN/kubectl" "$release/server/bin/"
archive() { # archive NAME LOCAL=EXPECTED...
  local name=$1 sources=() pair
  shift
  for pair in "$@"; do sources+=("${pair%%=*}"); done
  mapfile -t sources < <(printf '%s\n' "${sources[@]}" | sort -u)
  docker save -o "$work/$name.raw.tar" "${sources[@]}"
  python3 scripts/lib/rename-image-archive.py "$work/$name.raw.tar" "$release/server/bin/$name.tar" "$@"
  rm -f "$work/$name.raw.tar"
}
find_mapping() { printf '%s\n' "${mapping[@]}" | grep "=.*/$1:"; }
archive kube-apiserver "$(find_mapping kube-apiserver)"
archive kube-controller-manager "$(find_mapping kube-controller-manager)"
archive kube-scheduler "$(find_mapping kube-scheduler)"
others=()
for pair in "${mapping[@]}"; do
  [[ $pair =~ /kube-(apiserver|controller-manager|scheduler|proxy): ]] || others+=("$pair")
done
archive kube-proxy "$(find_mapping kube-proxy)" "${others[@]}"
tar -C "$work/release" -czf "$work/kubernetes-server-linux-amd64.tar.gz" kubernetes

log "building the node image $NODE_IMAGE"
with_kind_docker "$kind" build node-image --type file "$work/kubernetes-server-linux-amd64.tar.gz" \
  --base-image "$BASE_IMAGE" --image "$NODE_IMAGE" >&2 || die "kind build node-image failed"
# The label that tells a later run this image is current.
printf 'FROM %s\nLABEL io.taskoverflow.inputs=%s\n' "$NODE_IMAGE" "$inputs" |
  docker_build -q -t "$NODE_IMAGE" - >/dev/null
printf '%s\n' "$NODE_IMAGE"
