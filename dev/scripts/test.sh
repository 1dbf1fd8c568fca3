#!/usr/bin/env bash
# The test command: installs what is missing, starts PostgreSQL and a Kubernetes test cluster
# (dev/k8s; built once per machine, ~14 min cold, then cached), then runs type checks, lint,
# unit, component and store tests (SQLite and PostgreSQL), a fuzzer of the API from its
# OpenAPI spec, a 2-hour synthetic run under a small heap, the real-Locust suites, the
# Kubernetes executor against the real API server, the end-to-end browser test against
# the dev portal, and an install into stock apps of both frontend systems (dev/install-test).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/dev/scripts/setup.sh"
bash "$REPO_ROOT/dev/scripts/postgres.sh" start

cd "$REPO_ROOT"
export CI=true
export BACKSTAGE_TEST_DISABLE_DOCKER=1
BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(bash dev/scripts/postgres.sh url)"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING

# The test cluster has its own state folder and ports, so a cluster started by hand
# (dev/k8s/cluster.sh start) is left alone. It is stopped when this script ends, however it ends.
export LT_K8S_RUN="$LT_CACHE/k8s/test-run"
export LT_K8S_PORT_BASE="${LT_TEST_K8S_PORT_BASE:-16450}"
lt_log "Kubernetes test cluster (dev/k8s)"
bash dev/k8s/build.sh >&2
trap 'bash dev/k8s/cluster.sh stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
k8s_env="$(bash dev/k8s/cluster.sh start)"

lt_log "type check"
npx tsc --noEmit -p tsconfig.json
lt_log "lint"
npx backstage-cli repo lint
lt_log "every package builds and packs with its runtime files (npm pack)"
packs="$(mktemp -d)"
bash dev/scripts/pack.sh "$packs"
rm -rf "$packs"
lt_log "unit, component, router and store tests"
npx backstage-cli repo test --maxWorkers=2 --testPathIgnorePatterns 'real(Locust|Kubernetes)'
lt_log "API fuzzing from the OpenAPI spec (schemathesis), SQLite and PostgreSQL"
bash dev/scripts/fuzz.sh "${LT_FUZZ_SECONDS:-60}"
lt_log "a 2-hour run of 30 endpoints through the signed webhook, the backend held to a ${LT_SOAK_HEAP_MB:-192} MB heap, SQLite and PostgreSQL"
BENCH_SOAK_HOURS=2 node --max-old-space-size="${LT_SOAK_HEAP_MB:-192}" \
  --require @backstage/cli/config/nodeTransform.cjs bench/soak.ts
# real Locust processes: alone, so the two cores are theirs
lt_log "real Locust runs"
(cd plugins/load-testing-backend && npx backstage-cli package test --runInBand realLocust)
lt_log "the CI gate (load-testing CLI) and the scaffolder actions against a backend running real Locust"
(cd plugins/load-testing-cli && npx backstage-cli package test --runInBand realLocust)
(cd plugins/scaffolder-backend-module-load-testing && npx backstage-cli package test --runInBand realLocust)
lt_log "Kubernetes executor against a real API server"
(
  eval "$k8s_env" # KUBECONFIG, LT_K8S_POD_LOG, kubectl on PATH
  export LT_K8S_AVAILABLE=1
  cd plugins/load-testing-backend && npx backstage-cli package test --runInBand realKubernetes
)
lt_log "end-to-end in Chromium"
(eval "$k8s_env"; bash dev/scripts/e2e.sh) # with the test cluster: its Kubernetes checks too
lt_log "installed from its tarballs into apps made by @backstage/create-app, built for production, a run in Chromium: the new frontend system, then the legacy one"
bash dev/install-test/run.sh new
PROD=inplace bash dev/install-test/run.sh legacy
