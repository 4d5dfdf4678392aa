# shellcheck shell=bash
# The container engine the kind cluster and the image builds run on. Sourced after
# `set -euo pipefail`; needs log and die (scripts/lib/common.sh).

DOCKERD_LOG=${DOCKERD_LOG:-${TASKOVERFLOW_CACHE:-$HOME/.cache/taskoverflow}/dockerd.log}

# When no Docker daemon answers and none is installed: Debian's docker.io (and the iptables it
# programs) where packages can be installed; anywhere else it says what to install.
install_docker_engine() {
  docker_answers && return 0
  command -v dockerd >/dev/null 2>&1 && return 0
  can_apt_install ||
    die "no Docker daemon answers and none is installed: install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop, then run this again"
  apt_install docker.io iptables
}

# Makes sure a Docker daemon answers: installs one (above) and, as root, starts dockerd in the
# background, since machines without an init system (CI) have nobody else to start it.
ensure_docker_engine() {
  docker_answers && return 0
  install_docker_engine
  if [[ $(id -u) != 0 ]]; then
    die "dockerd is installed but does not answer: start it (sudo systemctl start docker), or add yourself to the docker group"
  fi
  if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
    systemctl start docker || true
  fi
  if ! docker_answers; then
    # A dockerd killed without cleaning up leaves its PID file, and a new one refuses to start.
    if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
      rm -f /var/run/docker.pid
    fi
    log "starting dockerd in the background (log: $DOCKERD_LOG)"
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  local attempt
  for attempt in $(seq 1 60); do
    docker_answers && return 0
    ((attempt % 10 == 0)) && log "still waiting for dockerd"
    sleep 1
  done
  tail -n 20 "$DOCKERD_LOG" >&2 || true
  die "dockerd did not start within 60 s (log above)"
}

docker_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

# docker_build ARGS...: `docker build` with BuildKit, whose cache mounts keep the Maven repository
# between image builds (a rebuild after a source change then downloads nothing).
docker_build() {
  local docker
  docker=$(buildkit_docker) || exit 1
  DOCKER_BUILDKIT=1 "$docker" build "$@"
}

# Prints the docker CLI that builds with BuildKit. A client with the buildx plugin has it (Debian
# from trixie on: docker-buildx, installed here when missing); without the plugin, bookworm's
# docker.io client (/usr/bin/docker, 20.10) still carries BuildKit built in, where a newer client
# without buildx refuses to build.
buildkit_docker() {
  if ! docker buildx version >/dev/null 2>&1 && can_apt_install &&
    apt-cache show docker-buildx >/dev/null 2>&1; then
    apt_install docker-buildx
  fi
  if docker buildx version >/dev/null 2>&1; then
    echo docker
  elif [[ -x /usr/bin/docker ]] && /usr/bin/docker version --format '{{.Client.Version}}' 2>/dev/null | grep -q '^20\.'; then
    echo /usr/bin/docker
  else
    die "docker build needs BuildKit: install the docker buildx plugin (Debian: docker.io 20.10 has it built in)"
  fi
}

# image_available IMAGE: true when IMAGE is in the local engine or can be pulled. Offline a pull
# fails at once (the registry's name does not resolve), so trying costs nothing.
image_available() {
  docker image inspect "$1" >/dev/null 2>&1 && return 0
  log "pulling $1"
  timeout 600 docker pull "$1" >&2 2>/dev/null
}

# image_label IMAGE LABEL: the label's value on a local image, empty when the image or label is
# missing. Stand-in images carry the hash of their inputs in a label, so a changed input rebuilds.
image_label() {
  docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

# True when this machine's capability bounding set lacks CAP_SYS_RESOURCE (bit 24): Docker then
# cannot start --privileged containers, which kind's nodes are.
lacks_sys_resource() {
  local bounding
  bounding=$(awk '/^CapBnd:/ { print $2 }' /proc/self/status 2>/dev/null)
  [[ -n $bounding ]] && (((0x$bounding >> 24 & 1) == 0))
}

# with_kind_docker COMMAND...: runs kind (or anything that starts kind's nodes) with the docker
# shim first on the PATH where the machine lacks CAP_SYS_RESOURCE, and unchanged elsewhere.
with_kind_docker() {
  if lacks_sys_resource; then
    PATH="$PWD/scripts/lib/kind-docker-shim:$PATH" "$@"
  else
    "$@"
  fi
}
