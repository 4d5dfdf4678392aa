# shellcheck shell=bash
# Messages, errors and package installs shared by the scripts. Sourced after `set -euo pipefail`.

log() { printf '\n==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# True on a Debian (or derived) machine where this script runs as root: the one place where the
# scripts install missing packages themselves instead of naming them.
is_root_debian() { [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; }

# apt_install PACKAGE...: installs those of the Debian packages that are missing (root only);
# the package lists are refreshed once per run, before the first install.
apt_install() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]} > 0)) || return 0
  is_root_debian || die "missing Debian packages: ${missing[*]} (apt-get install them as root)"
  if [[ -z ${APT_LISTS_FRESH:-} ]]; then
    apt-get update -qq
    APT_LISTS_FRESH=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Go lives outside the default PATH on some machines (/usr/local/go/bin).
use_go() {
  if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
    PATH="$PATH:/usr/local/go/bin"
  fi
  command -v go >/dev/null 2>&1 || die "the go command (Go 1.24 or newer) is needed to build the tools from the Go module proxy"
}
