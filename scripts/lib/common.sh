# shellcheck shell=bash
# Messages, errors and package installs shared by the scripts. Sourced after `set -euo pipefail`.

log() { printf '\n==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# True on a Debian (or derived) machine where this script may install packages: as root, or
# through sudo. Elsewhere the scripts name what is missing instead.
can_apt_install() {
  command -v apt-get >/dev/null 2>&1 && { [[ $(id -u) == 0 ]] || command -v sudo >/dev/null 2>&1; }
}

# apt_install PACKAGE...: installs those of the Debian packages that are missing. The package
# lists are refreshed first unless that happened within the last hour.
apt_install() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]} > 0)) || return 0
  can_apt_install || die "missing packages: ${missing[*]} (install them with your package manager)"
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  if [[ -z $(find /var/lib/apt/lists -maxdepth 0 -mmin -60 2>/dev/null) ]]; then
    "${sudo[@]}" apt-get update -qq
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Go lives outside the default PATH on some machines (/usr/local/go/bin).
use_go() {
  if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
    PATH="$PATH:/usr/local/go/bin"
  fi
  command -v go >/dev/null 2>&1 || die "the go command (Go 1.24 or newer) is needed to build the tools from the Go module proxy"
}
