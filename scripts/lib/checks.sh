# shellcheck shell=bash
# Named checks that all run, whichever fail, counted into the closing "N passed, N failed" line
# that CI reads. Sourced after `set -euo pipefail`.

passed=0
failed=0

# check WHAT COMMAND...: runs COMMAND and counts it; a failure names WHAT on stderr.
check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $what" >&2
  fi
}

# checks_done NAME: prints "NAME: N passed, N failed"; false when one failed.
checks_done() {
  echo "$1: $passed passed, $failed failed"
  ((failed == 0))
}
