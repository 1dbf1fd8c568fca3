#!/usr/bin/env bash
# Property-based API fuzzing from the backend's own OpenAPI spec (schemathesis from PyPI):
# starts the dev backend on SQLite, then on PostgreSQL, and sends each operation inputs
# generated from the spec (valid ones and ones just outside it), failing on any 5xx.
#   bash dev/scripts/fuzz.sh [seconds per database, default 90]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
SECONDS_PER_DB="${1:-${LT_FUZZ_SECONDS:-90}}"
PORT="${LT_FUZZ_PORT:-7307}"
TOKEN="fuzz-token-$RANDOM$RANDOM"

venv="$LT_CACHE/fuzz-venv"
if [[ ! -x "$venv/bin/schemathesis" ]]; then
  lt_log "installing schemathesis into $venv"
  python3 -m venv --clear "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check 'schemathesis>=4,<5' >&2
fi

work="$(mktemp -d)"
backend=""
cleanup() {
  [[ -n $backend ]] && kill -- "-$backend" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# a load generator that exits at once: fuzzed runs start nothing
printf '#!/bin/sh\nexit 0\n' >"$work/no-locust.sh"
chmod +x "$work/no-locust.sh"

fuzz() { # name, database config (YAML)
  local name="$1" database="$2"
  cat >"$work/fuzz.yaml" <<YAML
app:
  baseUrl: http://localhost:$PORT
backend:
  baseUrl: http://localhost:$PORT
  listen: { port: $PORT, host: 127.0.0.1 }
  database: $database
  auth:
    externalAccess:
      - type: static
        options: { token: $TOKEN, subject: fuzz }
loadTesting:
  executors:
    local: { enabled: true, locustCommand: $work/no-locust.sh, workDir: $work/runs }
YAML
  (cd dev/backend && exec setsid node --require @backstage/cli/config/nodeTransform.cjs src/index.ts \
    --config ../../app-config.yaml --config app-config.dev.yaml --config "$work/fuzz.yaml") >"$work/backend-$name.log" 2>&1 &
  backend=$!
  if ! lt_wait_for "http://127.0.0.1:$PORT/api/load-testing/health" 180; then
    tail -40 "$work/backend-$name.log" >&2
    return 1
  fi
  lt_log "fuzzing the API on $name for ${SECONDS_PER_DB}s"
  local status=0
  "$venv/bin/schemathesis" run "http://127.0.0.1:$PORT/api/load-testing/openapi.json" \
    --url "http://127.0.0.1:$PORT/api/load-testing" \
    -H "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error \
    --max-time "$SECONDS_PER_DB" \
    --max-examples 200 \
    --request-timeout 20 \
    --seed "${LT_FUZZ_SEED:-$RANDOM}" \
    --no-color || status=$?
  if ((status != 0)); then
    lt_log "backend log ($name), server errors:"
    grep -E 'logId=' "$work/backend-$name.log" | tail -40 >&2 || true
  fi
  kill -- "-$backend" 2>/dev/null
  wait "$backend" 2>/dev/null
  backend=""
  return "$status"
}

status=0
mkdir -p "$work/sqlite"
fuzz sqlite "{ client: better-sqlite3, connection: { directory: $work/sqlite } }" || status=1
if pg_url="$(bash dev/scripts/postgres.sh url 2>/dev/null)" && [[ -n $pg_url ]]; then
  fuzz postgres "{ client: pg, connection: '$pg_url', prefix: fuzz_${RANDOM}_ }" || status=1
else
  lt_log "PostgreSQL is not running (dev/scripts/postgres.sh start): fuzzed on SQLite only"
  [[ ${CI:-} == true ]] && status=1
fi
exit "$status"
