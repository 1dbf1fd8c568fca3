#!/usr/bin/env bash
# Installs everything the portal and the tests need on a fresh Debian machine:
# Node 22, Locust in a venv, PostgreSQL and Chromium from apt, the npm packages.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

apt_packages=()
[[ "${LT_SKIP_POSTGRES:-0}" == 1 || -n "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ]] ||
  apt_packages+=(postgresql)
[[ "${LT_SKIP_BROWSER:-0}" == 1 || -x /usr/bin/chromium ]] || apt_packages+=(chromium)
# the target's metrics in the tests and the dev portal; the binary only, never its service
[[ "${LT_SKIP_PROMETHEUS:-0}" == 1 || -x /usr/bin/prometheus ]] || apt_packages+=(prometheus)
if ((${#apt_packages[@]})); then
  if [[ $EUID -ne 0 ]]; then
    lt_log "please install with apt: ${apt_packages[*]}"
    exit 1
  fi
  lt_log "installing ${apt_packages[*]} with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${apt_packages[@]}" >&2
  if [[ " ${apt_packages[*]} " == *" prometheus "* ]]; then
    # the package may start its own daemon on :9090; the tests start their own
    service prometheus stop >/dev/null 2>&1 || true
    update-rc.d prometheus disable >/dev/null 2>&1 || true
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi

cd "$REPO_ROOT"
# npm ci only when the lockfile changed since the last install
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  lt_log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >&2
fi
