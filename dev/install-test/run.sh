#!/usr/bin/env bash
# Proves a new user can install Load Tests into a stock Backstage app: packs this
# repository's packages, creates an app with the official @backstage/create-app of this
# repository's Backstage release, installs the tarballs into it (not workspace links),
# wires them as the top README's "Add it to your Backstage" says, builds the app for
# production, starts its backend with NODE_ENV=production and drives the Load Tests tab in
# Chromium to a finished run with a verdict. Exits non-zero at the first step that fails.
#   bash dev/install-test/run.sh [new|discovery|legacy]     (frontend system; default new)
#     new: the plugin added to App.tsx's features; discovery: App.tsx untouched (the stock
#     app's `app.packages: all` finds it); legacy: create-app --legacy, the tab in EntityPage.tsx
# Environment:
#   CREATE_APP_VERSION (0.9.2: Backstage 1.55.0; checked against backstage.json)
#   LT_INSTALL_TEST_PORT, LT_INSTALL_TEST_TARGET_PORT (default: free ports)  RUN_SECONDS (10)
#   PROD=bundle (default: the stock Dockerfile's way, skeleton + `yarn workspaces focus
#     --production` + bundle, in a folder of its own) | inplace (the bundle with the app's
#     node_modules linked: no second install)
#   BACKEND_WIRING=named: add the backend's named exports instead of its default export
#     (the backend README's second way)
#   KEEP=1 keeps the work folder (default: removed after a successful run)
# Cached between runs, under ~/.cache/load-testing/install-test: the Yarn CLI, Yarn's
# global package cache and npm's cache (create-app). Nothing else is reused.
LT_INSTALL_TEST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$LT_INSTALL_TEST_DIR/../scripts/lib.sh"
lt_ensure_node22
lt_ensure_locust

FRONTEND="${1:-new}"
[[ $FRONTEND =~ ^(new|discovery|legacy)$ ]] || { echo "usage: run.sh [new|discovery|legacy]" >&2; exit 2; }
CREATE_APP_VERSION="${CREATE_APP_VERSION:-0.9.2}"
# free loopback ports unless given: the CI and the dev portal use the usual ones
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
PORT="${LT_INSTALL_TEST_PORT:-$(free_port)}"
TARGET_PORT="${LT_INSTALL_TEST_TARGET_PORT:-$(free_port)}"
PROD="${PROD:-bundle}"
CACHE="$LT_CACHE/install-test"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/lt-install-test.XXXXXX")"
APP="$WORK/app"
LOGS="$WORK/logs"
mkdir -p "$CACHE" "$LOGS"

# Yarn: the app's .yarnrc.yml pins its own release (yarnPath); create-app only needs a
# `yarn` on PATH. Corepack cannot verify the registry's signatures here, so the CLI
# comes from npm (@yarnpkg/cli-dist), once.
export PATH="$CACHE/yarn-cli/bin:$PATH"
export YARN_GLOBAL_FOLDER="$CACHE/yarn" YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=0
# CI=true makes Yarn refuse to write a lockfile; a new app has none yet
export YARN_ENABLE_IMMUTABLE_INSTALLS=false
export npm_config_cache="$CACHE/npm" npm_config_update_notifier=false
export LOAD_TESTING_SIGNING_KEY="install-test-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  # a backend stopping gracefully stops its Locust runs first (stopGraceSeconds: 15)
  local i
  for i in $(seq 40); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if ((status == 0)) && [[ -z ${KEEP:-} ]]; then rm -rf "$WORK"; else echo "work folder kept: $WORK" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

T0=$(date +%s.%N)
summary=()
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
# step NAME TIMEOUT_SECONDS CMD...: runs CMD with its output in logs/NAME.log, prints ✓/✗ with times
step() {
  local name="$1" limit="$2" t
  shift 2
  t=$(date +%s.%N)
  printf '[%7ss] … %s\n' "$(since "$T0")" "$name"
  # a function of this script runs in a bash of its own, so `timeout` can bound it
  if declare -F "$1" >/dev/null; then set -- bash -euo pipefail -c "$*"; fi
  if timeout --kill-after=10 "$limit" "$@" >"$LOGS/$name.log" 2>&1; then
    printf '[%7ss] ✓ %s (%s s)\n' "$(since "$T0")" "$name" "$(since "$t")"
    summary+=("$(printf '%-28s %7s s' "$name" "$(since "$t")")")
  else
    local rc=$?
    printf '[%7ss] ✗ %s (%s s, exit %s%s); last lines of %s:\n' "$(since "$T0")" "$name" "$(since "$t")" \
      "$rc" "$( ((rc == 124)) && echo ": timed out after ${limit} s")" "$LOGS/$name.log"
    grep -v 'gyp info\|STDOUT\|YN0060\|YN0002' "$LOGS/$name.log" | tail -40 | sed 's/^/    /'
    exit 1
  fi
}
yarn_cli() {
  [[ -x $CACHE/yarn-cli/bin/yarn ]] || npm install -g --prefix "$CACHE/yarn-cli" @yarnpkg/cli-dist@4 >/dev/null
  yarn --version
}

export LT_INSTALL_TEST_DIR FRONTEND CREATE_APP_VERSION PORT TARGET_PORT CACHE WORK APP LOGS
export -f yarn_cli

echo "install test: frontend system '$FRONTEND', create-app $CREATE_APP_VERSION, work folder $WORK"

# 1. the tarballs, as the README says (into the app's packs/ after the app exists)
step pack 600 bash "$REPO_ROOT/dev/scripts/pack.sh" "$WORK/packs"

# 2. a stock app of this repository's Backstage release, without prompts or install
create_app() {
  local legacy=()
  [[ $FRONTEND == legacy ]] && legacy=(--legacy)
  yarn_cli
  BACKSTAGE_APP_NAME=lt-app npx -y "@backstage/create-app@$CREATE_APP_VERSION" \
    --path "$APP" --skip-install "${legacy[@]}" </dev/null
  local want got
  want="$(node -p "require('$REPO_ROOT/backstage.json').version")"
  got="$(node -p "require('$APP/backstage.json').version")"
  echo "app backstage.json: $got, this repository: $want"
  [[ $got == "$want" ]] || { echo "create-app $CREATE_APP_VERSION makes a Backstage $got app, not $want"; exit 1; }
  mkdir -p "$APP/packs" && cp "$WORK"/packs/*.tgz "$APP/packs/"
  # stands for the yarn.lock seed create-app could not fetch (see wire.mjs pin)
  local dir
  for dir in "$npm_config_cache"/_npx/*/node_modules/@backstage/create-app; do
    if [[ $(node -p "require('$dir/package.json').version") == "$CREATE_APP_VERSION" ]]; then
      node "$LT_INSTALL_TEST_DIR/wire.mjs" pin "$APP" CREATE_APP="$dir"
      return 0
    fi
  done
  echo "create-app $CREATE_APP_VERSION not found in $npm_config_cache/_npx"
  return 1
}
export -f create_app
step create-app 300 create_app

# 3. install the tarballs: resolutions, then the README's `yarn add` commands
install_packages() {
  node "$LT_INSTALL_TEST_DIR/wire.mjs" resolutions "$APP" PACKS=packs
  cd "$APP"
  local p=../../packs
  yarn --cwd packages/backend add \
    "@internal/plugin-load-testing-backend@file:$p/internal-plugin-load-testing-backend-0.1.0.tgz" \
    "@internal/plugin-scaffolder-backend-module-load-testing@file:$p/internal-plugin-scaffolder-backend-module-load-testing-0.1.0.tgz"
  yarn --cwd packages/app add "@internal/plugin-load-testing@file:$p/internal-plugin-load-testing-0.1.0.tgz"
  # installed from the tarballs, not linked to this repository
  for pkg in plugin-load-testing plugin-load-testing-backend plugin-load-testing-common \
    plugin-load-testing-node plugin-scaffolder-backend-module-load-testing; do
    local dir="node_modules/@internal/$pkg"
    [[ -d $dir && ! -L $dir ]] || { echo "$dir is missing or a link"; exit 1; }
    [[ -f $dir/dist/index.d.ts ]] || { echo "$dir has no dist/index.d.ts"; exit 1; }
  done
  ls node_modules/better-sqlite3/build/Release/better_sqlite3.node
}
export -f install_packages
step install 1500 install_packages

# 4. wiring, as a user does it, and this machine's settings in a config of its own
wire() {
  local w="$LT_INSTALL_TEST_DIR/wire.mjs"
  node "$w" backend "$APP" STYLE="${BACKEND_WIRING:-default}"
  [[ $FRONTEND == discovery ]] || node "$w" "frontend-$FRONTEND" "$APP"
  node "$w" entity "$APP"
  node "$w" config "$APP" LOCUST="$LOCUST_BIN" TARGET_ALLOW='http://127.0.0.1:*'
  cat >"$APP/app-config.install-test.yaml" <<YAML
# this machine: ports, an in-memory SQLite instead of app-config.production.yaml's
# PostgreSQL, and the guest sign-in outside development (no other provider is set up)
app:
  baseUrl: http://localhost:$PORT
backend:
  baseUrl: http://localhost:$PORT
  listen: 127.0.0.1:$PORT   # a string, as app-config.production.yaml has it
  cors: { origin: http://localhost:$PORT }
  database:
    client: better-sqlite3
    connection: ':memory:'
auth:
  providers:
    guest:
      dangerouslyAllowOutsideDevelopment: true
loadTesting:
  scripts:
    python: $LOCUST_PYTHON
  executors:
    local:
      workDir: $WORK/runs
YAML
  echo "--- git diff of the app (what a user changes)"
  git -C "$APP" --no-pager diff --stat 2>/dev/null || true
}
export -f wire
step wire 60 wire

# 5. production build: type check, the backend bundle, the frontend
step tsc 900 bash -c "cd '$APP' && yarn tsc"
# the backend's build builds the app too (a workspace dependency it bundles)
step build-backend 900 bash -c "cd '$APP' && yarn build:backend && tar -tzf packages/backend/dist/bundle.tar.gz | grep -x packages/app/dist/index.html"

# the stock Dockerfile's steps, in a folder standing for the image
prod_install() {
  local PRODDIR="$WORK/image"
  mkdir -p "$PRODDIR"
  cd "$APP"
  cp -r .yarn .yarnrc.yml backstage.json yarn.lock package.json "$PRODDIR/"
  # not in the stock Dockerfile: the tarballs the root package.json's resolutions name
  cp -r packs "$PRODDIR/"
  tar -xzf packages/backend/dist/skeleton.tar.gz -C "$PRODDIR"
  cd "$PRODDIR"
  NODE_ENV=production yarn workspaces focus --all --production
  cp -r "$APP/examples" "$APP"/app-config*.yaml "$PRODDIR/"
  tar -xzf "$APP/packages/backend/dist/bundle.tar.gz" -C "$PRODDIR"
}
# PROD=inplace: the bundle beside the app's own (development) node_modules; faster, and
# blind to a runtime dependency that is only a devDependency
dev_modules_install() {
  local PRODDIR="$WORK/image"
  mkdir -p "$PRODDIR" && cd "$PRODDIR"
  tar -xzf "$APP/packages/backend/dist/bundle.tar.gz"
  ln -s "$APP/node_modules" node_modules
  cp -r "$APP/examples" "$APP"/app-config*.yaml .
}
export -f prod_install dev_modules_install
if [[ $PROD == bundle ]]; then
  step prod-install 1500 prod_install
else
  step bundle-dev-modules 300 dev_modules_install
fi
PRODDIR="$WORK/image"

start_backend() {
  if curl -s -o /dev/null --max-time 3 "http://127.0.0.1:$PORT/"; then echo "port $PORT is taken"; return 1; fi
  setsid node "$REPO_ROOT/dev/target/server.js" --port "$TARGET_PORT" >"$LOGS/target.log" 2>&1 &
  pids+=($!)
  (cd "$PRODDIR" && NODE_ENV=production exec setsid node packages/backend \
    --config app-config.yaml --config app-config.production.yaml \
    --config app-config.install-test.yaml) >"$LOGS/backend.log" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 240))
  until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/load-testing/health"; do
    if ((SECONDS > deadline)) || ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "the backend did not answer /api/load-testing/health"; tail -60 "$LOGS/backend.log"; return 1
    fi
    sleep 2
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$TARGET_PORT/health"
  # /health answers while another plugin's failure shuts the backend down
  sleep 5
  if grep -a 'threw an error during startup\|Unhandled rejection' "$LOGS/backend.log"; then return 1; fi
  kill -0 "${pids[-1]}"
  grep -i '"level":"\(warn\|error\)"' "$LOGS/backend.log" | grep -i 'load-testing' || true
}
# not through `step`: its processes must outlive the step (they are in `pids`)
t=$(date +%s.%N)
printf '[%7ss] … %s\n' "$(since "$T0")" start-backend
if ! start_backend >"$LOGS/start-backend.log" 2>&1; then
  printf '[%7ss] ✗ start-backend; last lines of %s:\n' "$(since "$T0")" "$LOGS/start-backend.log"
  tail -40 "$LOGS/start-backend.log" | sed 's/^/    /'
  exit 1
fi
printf '[%7ss] ✓ %s (%s s)\n' "$(since "$T0")" start-backend "$(since "$t")"
summary+=("$(printf '%-28s %7s s' start-backend "$(since "$t")")")

# 6. the browser
t=$(date +%s.%N)
printf '[%7ss] … browser (Chromium)\n' "$(since "$T0")"
if ! PORTAL_URL="http://localhost:$PORT" TARGET_URL="http://127.0.0.1:$TARGET_PORT" \
  RUN_SECONDS="${RUN_SECONDS:-10}" SCREENSHOT_DIR="$WORK/screens" \
  timeout 600 node "$LT_INSTALL_TEST_DIR/browser.mjs" | sed 's/^/    /'; then
  printf '[%7ss] ✗ browser; backend log (last 40 lines):\n' "$(since "$T0")"
  tail -40 "$LOGS/backend.log" | sed 's/^/    /'
  exit 1
fi
summary+=("$(printf '%-28s %7s s' browser "$(since "$t")")")

echo
echo "install test passed ($FRONTEND frontend system, PROD=$PROD) in $(since "$T0") s:"
printf '  %s\n' "${summary[@]}"
