#!/usr/bin/env bash
# Installs everything the portal and the tests need on a fresh Debian machine:
# Node 22, Locust in a venv, PostgreSQL and Chromium from apt, the npm packages.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

apt_packages=()
[[ "${LT_SKIP_POSTGRES:-0}" == 1 || -n "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ]] ||
  apt_packages+=(postgresql)
[[ "${LT_SKIP_BROWSER:-0}" == 1 || -x /usr/bin/chromium ]] || apt_packages+=(chromium)
if ((${#apt_packages[@]})); then
  if [[ $EUID -ne 0 ]]; then
    lt_log "please install with apt: ${apt_packages[*]}"
    exit 1
  fi
  lt_log "installing ${apt_packages[*]} with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${apt_packages[@]}" >&2
fi

cd "$REPO_ROOT"
# npm ci only when the lockfile changed since the last install
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  lt_log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >&2
fi
