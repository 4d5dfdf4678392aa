# shellcheck shell=bash
# The images the kind cluster runs: the published ones where they can be pulled, else stand-ins
# built here from Debian packages (images/). Sourced after common.sh, lib-test-versions.sh and
# docker.sh.

# The published images: the Dockerfiles' default bases (read from the Dockerfile), the chart's
# default PostgreSQL, and kind v0.32.0's own default node image (pkg/apis/config/defaults),
# pinned by digest as kind asks.
PUBLIC_BUILD_IMAGE=$(sed -n 's/^ARG BUILD_IMAGE=//p' todo-app/Dockerfile)
PUBLIC_RUNTIME_IMAGE=$(sed -n 's/^ARG RUNTIME_IMAGE=//p' todo-app/Dockerfile)
PUBLIC_POSTGRES_IMAGE=postgres:17-alpine
# shellcheck disable=SC2034  # used by scripts/lib/kind.sh
PUBLIC_NODE_IMAGE=kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5

# Stand-ins carry names of their own: no local image pretends to be a published one.
LOCAL_PREFIX=taskoverflow-local
LOCAL_DEBIAN_IMAGE=$LOCAL_PREFIX/debian:$DEBIAN_SUITE

# hash_inputs DIR [FILE...]: a short hash of the folder's files (names and contents), of the
# FILEs and of the pinned versions: the label by which a stand-in image knows it is up to date.
hash_inputs() {
  local dir=$1
  shift
  { (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum); cat "$@" scripts/lib-test-versions.sh; } |
    sha256sum | cut -c1-16
}

# Debian's minimal root filesystem as an image, from the mirror apt uses here.
ensure_local_debian() {
  docker image inspect "$LOCAL_DEBIAN_IMAGE" >/dev/null 2>&1 && return 0
  [[ $(id -u) == 0 ]] || die "the stand-in images start from a Debian root filesystem that only root can make (debootstrap): run this as root, or on a machine that can pull images"
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  local mirror rootfs
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [[ -n $mirror ]] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs=$(mktemp -d -t taskoverflow-rootfs.XXXXXX)
  log "debootstrap $DEBIAN_SUITE from $mirror (about half a minute)"
  if ! debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$mirror" >"$rootfs.log" 2>&1; then
    tail -n 20 "$rootfs.log" >&2
    rm -rf "$rootfs"
    die "debootstrap of Debian $DEBIAN_SUITE failed (log above)"
  fi
  # apt inside the images keeps no package lists or caches around.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
  tar -C "$rootfs" -c . | docker import - "$LOCAL_DEBIAN_IMAGE" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
}

# standin_image NAME CONTEXT_DIR [DOCKER_BUILD_ARGS...]: builds images/<…> on the local Debian
# image unless an image of that name was built from the same inputs; prints NAME.
standin_image() {
  local name=$1 context=$2
  shift 2
  local inputs
  inputs=$(hash_inputs "$context")
  if [[ $(image_label "$name" io.taskoverflow.inputs) != "$inputs" ]]; then
    ensure_local_debian
    log "building the stand-in $name from $context"
    docker_build -q -t "$name" --label "io.taskoverflow.inputs=$inputs" \
      --build-arg "DEBIAN_IMAGE=$LOCAL_DEBIAN_IMAGE" "$@" "$context" >/dev/null ||
      die "building $name from $context failed (output above)"
  fi
  printf '%s\n' "$name"
}

# Sets BASE_IMAGE_ARGS (the --build-arg pair of both Dockerfiles) and POSTGRES_IMAGE: the
# published images, or stand-ins where those cannot be pulled.
resolve_app_images() {
  local build=$PUBLIC_BUILD_IMAGE runtime=$PUBLIC_RUNTIME_IMAGE
  if ! image_available "$build"; then build=$(standin_jdk); fi
  if ! image_available "$runtime"; then
    runtime=$(standin_image "$LOCAL_PREFIX/jre:21" images/jre)
  fi
  # shellcheck disable=SC2034  # used by scripts/lib/kind.sh
  BASE_IMAGE_ARGS=(--build-arg "BUILD_IMAGE=$build" --build-arg "RUNTIME_IMAGE=$runtime")
  POSTGRES_IMAGE=$PUBLIC_POSTGRES_IMAGE
  if ! image_available "$POSTGRES_IMAGE"; then
    POSTGRES_IMAGE=$(standin_image "$LOCAL_PREFIX/postgres:17" images/postgres)
  fi
}

# The JDK + Maven stand-in also trusts the CA certificates this machine trusts beyond Debian's
# (a TLS-inspecting proxy in front of Maven Central, for example), so Maven inside it connects.
# They join its build context in a folder that git ignores.
standin_jdk() {
  local context=images/jdk
  rm -rf "$context/extra-ca-certificates"
  mkdir -p "$context/extra-ca-certificates"
  if [[ -d /usr/local/share/ca-certificates ]]; then
    find /usr/local/share/ca-certificates -name '*.crt' -exec cp {} "$context/extra-ca-certificates/" \;
  fi
  standin_image "$LOCAL_PREFIX/jdk:21" "$context"
}
