#!/usr/bin/env bash
# The dev portal on this machine: installs what is missing, builds the app, starts the
# sample target service on 127.0.0.1:7070 and the Backstage backend on 127.0.0.1:7007
# (the app, catalog, permissions, the Load Tests plugin on embedded SQLite with the
# local executor), and gives shop-api a sample scenario.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# the portal runs on embedded SQLite and needs no browser
LT_SKIP_BROWSER=1 LT_SKIP_POSTGRES=1 bash "$REPO_ROOT/dev/scripts/setup.sh"
cd "$REPO_ROOT"

export LOAD_TESTING_DATA_DIR="${LOAD_TESTING_DATA_DIR:-$LT_CACHE/dev-data}"
mkdir -p "$LOAD_TESTING_DATA_DIR"
lt_build_app

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

configs=(--config ../../app-config.yaml --config app-config.dev.yaml --config app-config.portal.yaml)
# the target's own metrics under the run charts: a Prometheus scraping it, when installed
prometheus_port="${LT_PROMETHEUS_PORT:-9090}"
if [[ -x ${PROMETHEUS_BIN:-/usr/bin/prometheus} ]] &&
  ! (exec 3<>"/dev/tcp/127.0.0.1/$prometheus_port") 2>/dev/null; then
  bash dev/scripts/prometheus.sh "127.0.0.1:$prometheus_port" 127.0.0.1:7070 \
    "$LOAD_TESTING_DATA_DIR/prometheus" >"$LOAD_TESTING_DATA_DIR/prometheus.log" 2>&1 &
  pids+=($!)
fi
if [[ -x ${PROMETHEUS_BIN:-/usr/bin/prometheus} ]]; then
  printf 'loadTesting:\n  prometheus:\n    baseUrl: http://127.0.0.1:%s\n' "$prometheus_port" \
    >"$LOAD_TESTING_DATA_DIR/app-config.prometheus.yaml"
  configs+=(--config "$LOAD_TESTING_DATA_DIR/app-config.prometheus.yaml")
fi
if [[ ${LOAD_TESTING_KUBERNETES:-0} == 1 ]]; then
  # the kubernetes executor too, against the dev/k8s test cluster (built once, ~15 min cold)
  lt_log "starting the Kubernetes test cluster (dev/k8s)"
  eval "$(bash dev/k8s/cluster.sh start)"
  kubectl create namespace load-testing-dev >/dev/null 2>&1 || true
  kubectl -n load-testing-dev create secret generic shop-api-token --from-literal=token=dev >/dev/null 2>&1 || true
  configs+=(--config app-config.kubernetes.yaml)
fi

lt_log "starting the backend; data in $LOAD_TESTING_DATA_DIR"
# the built app is served by the backend; for hot reload of the UI run
# `npx backstage-cli package start` in dev/app (port 3000) beside it
(cd dev/backend && exec node --require @backstage/cli/config/nodeTransform.cjs src/index.ts "${configs[@]}") &
pids+=($!)
lt_wait_for http://127.0.0.1:7007/api/load-testing/health 180
# the app and the catalog's entities answer too before anyone is told to open it
lt_wait_for http://127.0.0.1:7007/ 60
node dev/scripts/seed.mjs
cat >&2 <<MSG

  Load Tests dev portal: open http://localhost:7007
    → Enter as guest → shop-api → LOAD TESTS → Run "Browse the shop"
    API          http://localhost:7007/api/load-testing  (Bearer ${LOAD_TESTING_CI_TOKEN:-dev-ci-token-change-me})
    target       http://127.0.0.1:7070  (dev/target; its metrics at /metrics)
    Prometheus   http://127.0.0.1:${prometheus_port}  (when /usr/bin/prometheus is installed)

MSG
wait
