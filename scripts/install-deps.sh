#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need and a fresh machine may lack (as root
# on Debian; elsewhere it names what is missing). `make test` runs it first.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/docker.sh
source scripts/lib/docker.sh

packages=(
  postgresql      # real PostgreSQL for the todo-app tests and the local run
  chromium        # the web page test drives a real headless browser
  chromium-driver
  python3-venv    # moto (AWS emulator) and checkov live in virtualenvs
  shellcheck      # every shell script is checked by the tests
  docker-registry # the local registry that terraform/images pushes to in scripts/test-terraform.sh
  curl
  make
  maven
)
apt_install "${packages[@]}"
# The kind cluster of the end-to-end test needs a Docker engine; the kind scripts start it. What
# only a machine without a registry needs (debootstrap, gcc) they install when they need it.
install_docker_engine

for tool in java mvn python3; do
  command -v "$tool" >/dev/null || die "missing $tool: install it (JDK 17+, Maven, Python 3.10+)"
done
use_go
