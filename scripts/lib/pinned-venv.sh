# shellcheck shell=bash
# A Python tool from PyPI at a pinned version, in a virtualenv of its own under
# ${TASKOVERFLOW_CACHE:-~/.cache/taskoverflow}. Sourced by the scripts that install such tools.

# pinned_venv NAME DIST VERSION [PIP_SPEC]: makes sure the venv NAME holds DIST at VERSION,
# installing PIP_SPEC (default DIST==VERSION) into a fresh venv otherwise; a venv that already
# holds that version is left alone. Prints the venv's directory.
pinned_venv() {
  local name=$1 dist=$2 version=$3 spec=${4:-$2==$3}
  local dir=${TASKOVERFLOW_CACHE:-$HOME/.cache/taskoverflow}/$name
  local installed
  installed=$("$dir/bin/python" -c "import importlib.metadata as m; print(m.version('$dist'))" 2>/dev/null || true)
  if [[ $installed != "$version" ]]; then
    echo "installing $spec into $dir" >&2
    rm -rf "$dir"
    if ! python3 -m venv "$dir"; then
      echo "'python3 -m venv' failed; on Debian install python3-venv" >&2
      return 1
    fi
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$dir/bin/pip" install --quiet "$spec" >&2
  fi
  echo "$dir"
}
