#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need and a fresh machine may lack (as root
# on Debian; elsewhere it names what is missing). `make test` runs it first.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

packages=(
  postgresql      # real PostgreSQL for the todo-app tests and the local run
  chromium        # the web page test drives a real headless browser
  chromium-driver
  python3-venv    # moto (AWS emulator) and checkov live in virtualenvs
  shellcheck      # every shell script is checked by the tests
  curl
  make
  maven
  gcc             # the pause program of a locally built kind node image
  libc6-dev
  debootstrap     # Debian root filesystems for images that cannot be pulled
)
# The kind cluster of the end-to-end test needs a Docker engine; Debian's starts without an init
# system too (scripts/lib/docker.sh starts it).
if ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null 2>&1; then
  packages+=(docker.io iptables)
fi
apt_install "${packages[@]}"

for tool in java mvn python3; do
  command -v "$tool" >/dev/null || die "missing $tool: install it (JDK 17+, Maven, Python 3.10+)"
done
use_go
