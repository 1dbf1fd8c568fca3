#!/usr/bin/env bash
# The test command: installs what is missing, starts PostgreSQL, then runs type checks,
# lint, unit, component and store tests (SQLite and PostgreSQL), the real-Locust suite,
# and the end-to-end browser test against the dev portal.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/dev/scripts/setup.sh"
bash "$REPO_ROOT/dev/scripts/postgres.sh" start

cd "$REPO_ROOT"
export CI=true
export BACKSTAGE_TEST_DISABLE_DOCKER=1
BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(bash dev/scripts/postgres.sh url)"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING

lt_log "type check"
npx tsc --noEmit -p tsconfig.json
lt_log "lint"
npx backstage-cli repo lint
lt_log "unit, component, router and store tests"
npx backstage-cli repo test --maxWorkers=2 --testPathIgnorePatterns realLocust
# real Locust processes: alone, so the two cores are theirs
lt_log "real Locust runs"
(cd plugins/load-testing-backend && npx backstage-cli package test --runInBand realLocust)
lt_log "end-to-end in Chromium"
bash dev/scripts/e2e.sh
