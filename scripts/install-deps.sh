#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need and a fresh machine may lack.
set -euo pipefail

packages=(
  postgresql        # real PostgreSQL for the todo-app tests and the local run
  chromium          # the web page test drives a real headless browser
  chromium-driver
  python3-venv      # moto (AWS emulator) lives in a virtualenv
  shellcheck        # every shell script is checked by the tests
  curl
  make
  maven
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

for tool in java mvn go python3; do
  command -v "$tool" > /dev/null || { echo "missing $tool: install it (JDK 17+, Maven, Go 1.24+, Python 3.10+)" >&2; exit 1; }
done
