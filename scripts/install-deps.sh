#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need and a fresh machine may lack (as root
# on Debian; elsewhere it names what is missing). Each test tier asks only for its own:
#
#   scripts/install-deps.sh            # everything (`make test`)
#   scripts/install-deps.sh unit       # Maven: the unit tests need nothing else (`make test-unit`)
#   scripts/install-deps.sh todo-app   # + PostgreSQL, Chromium and its driver (`make test-todo-app`)
#   scripts/install-deps.sh operator   # + PostgreSQL, python3-venv for moto (`make test-operator`)
#   scripts/install-deps.sh e2e        # + curl and a Docker engine for kind (`make e2e`)
#
# Several tiers may be named at once.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/docker.sh
source scripts/lib/docker.sh

tiers=("$@")
((${#tiers[@]} > 0)) || tiers=(all)

packages=(make maven)
docker=0
go=0
node=0
for tier in "${tiers[@]}"; do
  case $tier in
    unit) ;;
    todo-app)
      packages+=(
        postgresql      # real PostgreSQL for the todo-app tests and the local run
        chromium        # the web page test drives a real headless browser
        chromium-driver
      )
      go=1 # toxiproxy-server is built from the Go module proxy
      ;;
    operator)
      packages+=(
        postgresql   # the RDS login check runs against a real PostgreSQL
        python3-venv # moto (AWS emulator) lives in a virtualenv
        xz-utils     # PostgreSQL 17's server comes packed with xz (scripts/test-postgres17.sh)
      )
      go=1 # the Kubernetes test binaries are built from the Go module proxy
      ;;
    e2e)
      packages+=(curl)
      docker=1
      ;;
    all)
      packages+=(
        postgresql chromium chromium-driver
        python3-venv    # moto (AWS emulator) and checkov live in virtualenvs
        xz-utils        # PostgreSQL 17's server comes packed with xz (scripts/test-postgres17.sh)
        shellcheck      # every shell script is checked by the tests
        docker-registry # the local registry that terraform/images pushes to in scripts/test-terraform.sh
        curl
      )
      docker=1
      go=1
      node=1 # the IAM policy simulator of scripts/test-iam-policy.sh comes from the npm registry
      ;;
    *) die "unknown tier $tier (unit, todo-app, operator, e2e, all)" ;;
  esac
done
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
apt_install "${packages[@]}"
# Node.js from Debian only where no node and npm are on the PATH (NodeSource's nodejs bundles npm
# and conflicts with Debian's npm package).
if ((node)) && ! { command -v node && command -v npm; } >/dev/null 2>&1; then apt_install nodejs npm; fi
# The kind cluster of the end-to-end test needs a Docker engine; the kind scripts start it. What
# only a machine without a registry needs (debootstrap, gcc) they install when they need it.
if ((docker)); then install_docker_engine; fi

for tool in java mvn; do
  command -v "$tool" >/dev/null || die "missing $tool: install it (JDK 17+, Maven)"
done
if [[ " ${packages[*]} " == *" python3-venv "* ]]; then
  command -v python3 >/dev/null || die "missing python3: install it (Python 3.10+)"
fi
if ((go)); then use_go; fi
