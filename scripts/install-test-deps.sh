#!/usr/bin/env bash
# Installs the Debian packages the test suite needs on a fresh machine: Chromium for the browser test of the
# built site, PostgreSQL's server binaries for the PostgreSQL store and queue tests (the tests start a
# throwaway cluster of their own). Run as root (or with sudo available); a machine that has both already is left
# alone, so the line is cheap on a developer's machine.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${need[*]}" >&2
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
