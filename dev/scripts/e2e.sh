#!/usr/bin/env bash
# End-to-end: builds the app, starts the dev portal on its own ports and data folder
# (SQLite, local executor), a sample target, and drives Chromium through the Load Tests
# tab with dev/app/e2e/loadTests.e2e.mjs. When KUBECONFIG points at a reachable cluster
# (the dev/k8s test cluster: eval "$(dev/k8s/cluster.sh start)"), the portal gets the
# kubernetes executor too (dev/backend/app-config.kubernetes.yaml) and
# dev/app/e2e/kubernetes.e2e.mjs drives a Kubernetes run. Without one those checks are
# skipped, except under CI=true, where a missing cluster fails the test.
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

# the kubernetes executor, when a cluster answers
k8s_missing=""
if [[ -z ${KUBECONFIG:-} ]]; then
  k8s_missing="KUBECONFIG is not set"
elif ! command -v kubectl >/dev/null; then
  k8s_missing="kubectl is not on PATH"
elif ! kubectl get --raw /readyz --request-timeout=5s >/dev/null 2>&1; then
  k8s_missing="the cluster of KUBECONFIG=$KUBECONFIG does not answer"
fi
configs=(--config ../../app-config.yaml --config app-config.dev.yaml)
if [[ -z $k8s_missing ]]; then
  kubectl create namespace load-testing-dev >/dev/null 2>&1 || true
  kubectl -n load-testing-dev create secret generic shop-api-token --from-literal=token=dev >/dev/null 2>&1 || true
  configs+=(--config app-config.kubernetes.yaml)
  # this portal's webhooks, and its own instance label: a dev portal on the same
  # cluster must neither see nor sweep the namespaces of these runs
  cat >"$work/e2e-kubernetes.yaml" <<YAML
loadTesting:
  executors:
    kubernetes:
      webhookBaseUrl: http://127.0.0.1:$PORT/api/load-testing
      instance: e2e
YAML
fi

lt_build_app
cat >"$work/e2e.yaml" <<YAML
app:
  baseUrl: http://localhost:$PORT
backend:
  baseUrl: http://localhost:$PORT
  listen: { port: $PORT, host: 127.0.0.1 }
loadTesting:
  retention:
    # the retention check triggers the task: its worker must be past its first wait
    schedule: { frequency: PT1H, timeout: PT5M, initialDelay: PT1S }
  # approvals.e2e.mjs starts a run above this; the other scripts' runs stay under it
  approvals:
    rules: { aboveUsers: 50 }
    allowSelfApproval: true
  quotas:
    perEntity: { day: 100 }
YAML
export LOAD_TESTING_DATA_DIR="$work/data"
mkdir -p "$LOAD_TESTING_DATA_DIR"
setsid node dev/target/server.js --port "$TARGET_PORT" >"$work/target.log" 2>&1 &
pids+=($!)
# the target's metrics for the run page's overlay: a Prometheus of this portal's own
if [[ -x ${PROMETHEUS_BIN:-/usr/bin/prometheus} ]]; then
  PROMETHEUS_PORT="${LT_E2E_PROMETHEUS_PORT:-$((TARGET_PORT + 2000))}"
  setsid bash dev/scripts/prometheus.sh "127.0.0.1:$PROMETHEUS_PORT" "127.0.0.1:$TARGET_PORT" \
    "$work/prometheus" >"$work/prometheus.log" 2>&1 &
  pids+=($!)
  printf 'loadTesting:\n  prometheus:\n    baseUrl: http://127.0.0.1:%s\n' "$PROMETHEUS_PORT" >"$work/e2e-prometheus.yaml"
  configs+=(--config "$work/e2e-prometheus.yaml")
fi
configs+=(--config "$work/e2e.yaml")
if [[ -z $k8s_missing ]]; then configs+=(--config "$work/e2e-kubernetes.yaml"); fi
(cd dev/backend && exec setsid node --require @backstage/cli/config/nodeTransform.cjs src/index.ts \
  "${configs[@]}") >"$work/backend.log" 2>&1 &
pids+=($!)
if ! lt_wait_for "http://127.0.0.1:$PORT/api/load-testing/health" 180; then
  tail -50 "$work/backend.log" >&2
  exit 1
fi
lt_wait_for "http://127.0.0.1:$TARGET_PORT/health" 30
export PORTAL_URL="http://localhost:$PORT" TARGET_URL="http://127.0.0.1:$TARGET_PORT"
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$work/screens}"
status=0
# LT_E2E_ONLY=<file name in dev/app/e2e> runs that one script alone against this portal
if [[ -n ${LT_E2E_ONLY:-} ]]; then
  node "dev/app/e2e/$LT_E2E_ONLY" || status=$?
  if ((status != 0)); then tail -60 "$work/backend.log" >&2; fi
  exit "$status"
fi
node dev/app/e2e/loadTests.e2e.mjs || status=$?
lt_log "software templates: dry runs by the scaffolder, and the one without a repository in Chromium"
node dev/scripts/templates-dry-run.mjs || status=1
node dev/app/e2e/templates.e2e.mjs || status=1
# each browser script against this portal: what it shows, then the script
for script in \
  "notifications.e2e.mjs|notifications: a plan run that fails tells the owners; the guest sees it in the sidebar and on the Notifications page" \
  "plans.e2e.mjs|plans: two groups with stages on a 10-second schedule, fired by the scheduler, followed to a verdict, paused" \
  "approvals.e2e.mjs|approvals: a run above the rule waits, is approved on the Approvals page, runs" \
  "compare.e2e.mjs|compare two runs, make a baseline and judge the next run by it, the trend, the Overview card" \
  "resources.e2e.mjs|resources: the load generators' CPU and memory and the target's Prometheus metrics under a run's charts" \
  "reports.e2e.mjs|the report of a run: conclusions, status, tags, linked issues, the GitHub link" \
  "exports.e2e.mjs|exports: the HTML report opened offline, CSV, JSON and JUnit downloads" \
  "retention.e2e.mjs|retention: a run's raw samples dropped by the scheduler task, its page at 10-minute resolution"; do
  lt_log "${script#*|}"
  node "dev/app/e2e/${script%%|*}" || status=1
done
if [[ -z $k8s_missing ]]; then
  lt_log "Kubernetes run in Chromium (cluster of $KUBECONFIG)"
  node dev/app/e2e/kubernetes.e2e.mjs || status=1
fi
if ((status != 0)); then
  lt_log "backend log (last 60 lines):"
  tail -60 "$work/backend.log" >&2
fi
if [[ -n $k8s_missing && ${CI:-} == true ]]; then
  echo "✗ Kubernetes checks: $k8s_missing (CI needs the dev/k8s test cluster: eval \"\$(dev/k8s/cluster.sh start)\")"
  status=1
elif [[ -n $k8s_missing ]]; then
  echo "- Kubernetes checks skipped: $k8s_missing (eval \"\$(dev/k8s/cluster.sh start)\" to run them)"
fi
exit "$status"
