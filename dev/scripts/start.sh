#!/usr/bin/env bash
# The dev portal on this machine: installs what is missing, starts the sample target
# service on 127.0.0.1:7070 and the Backstage backend (catalog, permissions, the
# Load Tests plugin on embedded SQLite with the local executor) on 127.0.0.1:7007.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LT_SKIP_BROWSER=1 bash "$REPO_ROOT/dev/scripts/setup.sh"
cd "$REPO_ROOT"

export LOAD_TESTING_DATA_DIR="${LOAD_TESTING_DATA_DIR:-$LT_CACHE/dev-data}"
mkdir -p "$LOAD_TESTING_DATA_DIR"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

if ! (exec 3<>/dev/tcp/127.0.0.1/7070) 2>/dev/null; then
  node dev/target/server.js --port 7070 &
  pids+=($!)
else
  lt_log "something already listens on 127.0.0.1:7070; using it as the target"
fi

lt_log "starting the backend; data in $LOAD_TESTING_DATA_DIR"
(cd dev/backend && exec npx backstage-cli package start) &
pids+=($!)
for _ in $(seq 1 120); do
  if curl -fs http://127.0.0.1:7007/api/load-testing/health >/dev/null 2>&1; then break; fi
  sleep 1
done
cat >&2 <<MSG

  Load Tests dev portal
    backend      http://localhost:7007  (API: /api/load-testing)
    target       http://127.0.0.1:7070  (dev/target)
    CI token     ${LOAD_TESTING_CI_TOKEN:-dev-ci-token-change-me}

MSG
wait
