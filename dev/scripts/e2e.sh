#!/usr/bin/env bash
# End-to-end: builds the app, starts the dev portal on its own ports and data folder
# (SQLite, local executor), a sample target, and drives Chromium through the Load Tests
# tab with dev/app/e2e/loadTests.e2e.mjs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
PORT="${LT_E2E_PORT:-7107}"
TARGET_PORT="${LT_E2E_TARGET_PORT:-7171}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

lt_build_app
cat >"$work/e2e.yaml" <<YAML
app:
  baseUrl: http://localhost:$PORT
backend:
  baseUrl: http://localhost:$PORT
  listen: { port: $PORT, host: 127.0.0.1 }
YAML
export LOAD_TESTING_DATA_DIR="$work/data"
mkdir -p "$LOAD_TESTING_DATA_DIR"
setsid node dev/target/server.js --port "$TARGET_PORT" >"$work/target.log" 2>&1 &
pids+=($!)
(cd dev/backend && exec setsid node --require @backstage/cli/config/nodeTransform.cjs src/index.ts \
  --config ../../app-config.yaml --config "$work/e2e.yaml") >"$work/backend.log" 2>&1 &
pids+=($!)
if ! lt_wait_for "http://127.0.0.1:$PORT/api/load-testing/health" 180; then
  tail -50 "$work/backend.log" >&2
  exit 1
fi
lt_wait_for "http://127.0.0.1:$TARGET_PORT/health" 30
status=0
PORTAL_URL="http://localhost:$PORT" TARGET_URL="http://127.0.0.1:$TARGET_PORT" \
  SCREENSHOT_DIR="${SCREENSHOT_DIR:-$work/screens}" \
  node dev/app/e2e/loadTests.e2e.mjs || status=$?
if ((status != 0)); then
  lt_log "backend log (last 60 lines):"
  tail -60 "$work/backend.log" >&2
fi
exit "$status"
