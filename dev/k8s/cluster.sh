#!/usr/bin/env bash
# Runs a real Kubernetes control plane on loopback for tests: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, and kwok standing in for kubelets on fake nodes.
#
#   cluster.sh start    build if needed, start everything, wait until usable
#   cluster.sh stop     stop everything and delete the cluster state
#   cluster.sh env      print export lines (KUBECONFIG, PATH with kubectl, kwok's pod log file)
#   cluster.sh status   show the processes and the API server's readiness
#
# Pods on the kwok nodes go Running and stay Running. Annotate a pod (or a Job's pod
# template) with kwok.test/phase=Succeeded or kwok.test/phase=Failed to finish it.
# `kubectl logs` of any pod serves $LT_K8S_POD_LOG (CRI log format: "<RFC3339Nano> stdout F <text>");
# a kwok.x-k8s.io/v1alpha1 Logs object named like a pod gives that pod its own file.
#
# Env: LT_CACHE (state goes to $LT_CACHE/k8s/run), LT_K8S_PORT_BASE (default 16440; uses base..base+6),
#      LT_K8S_NODES (default 2), LT_K8S_NODE_CPU (16), LT_K8S_NODE_MEMORY (64Gi), LT_K8S_NODE_PODS (1000),
#      LT_K8S_API_QPS / LT_K8S_API_BURST (500 / 1000, controller manager and scheduler), LT_K8S_NO_BUILD=1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

run=$LT_K8S_RUN
pki=$run/pki
kubeconfig=$run/kubeconfig
pod_log=$run/kwok/pod.log

port_base=${LT_K8S_PORT_BASE:-16440}
etcd_port=$port_base
etcd_peer_port=$((port_base + 1))
api_port=$((port_base + 3))
kcm_port=$((port_base + 4))
scheduler_port=$((port_base + 5))
kwok_port=$((port_base + 6))

node_count=${LT_K8S_NODES:-2}
node_cpu=${LT_K8S_NODE_CPU:-16}
node_memory=${LT_K8S_NODE_MEMORY:-64Gi}
node_pods=${LT_K8S_NODE_PODS:-1000}
# Client rate limits of the controller manager and scheduler (defaults 20/30 and 50/100):
# high enough that a 500-pod Job is created and scheduled in seconds. kwok's client is not rate limited.
api_qps=${LT_K8S_API_QPS:-500}
api_burst=${LT_K8S_API_BURST:-1000}

# Started in this order, stopped in reverse.
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

log() { echo "cluster.sh: $*" >&2; }

kctl() { "$LT_K8S_BIN/kubectl" --kubeconfig "$kubeconfig" "$@"; }

alive() { # pid; a zombie counts as gone
  [[ -e /proc/$1/stat ]] && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

pid_of() { # component -> pid if it is alive and still runs our binary
  local f=$run/pids/$1.pid pid
  [[ -f $f ]] || return 1
  pid=$(cat "$f")
  [[ -n $pid ]] && alive "$pid" || return 1
  [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$(readlink -f "$LT_K8S_BIN/$1")"* ]] || return 1
  echo "$pid"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

launch() { # component args...
  local name=$1; shift
  mkdir -p "$run/pids" "$run/logs"
  setsid "$LT_K8S_BIN/$name" "$@" >"$run/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$run/pids/$name.pid"
}

wait_for() { # description timeout-seconds command...
  local what=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    local c
    for c in "${components[@]}"; do
      if [[ -f $run/pids/$c.pid ]] && ! pid_of "$c" >/dev/null; then
        log "$c exited while waiting for $what; last lines of $run/logs/$c.log:"
        tail -n 30 "$run/logs/$c.log" >&2 || true
        return 1
      fi
    done
    sleep 0.5
  done
}

https_ok() { # path
  curl -fsS --max-time 5 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
    "https://127.0.0.1:$api_port$1"
}

gen_pki() {
  mkdir -p "$pki"
  local conf=$pki/openssl.cnf
  cat >"$conf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[serving]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP:127.0.0.1, IP:10.96.0.1
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
EOF
  (
    cd "$pki"
    openssl req -x509 -new -nodes -newkey rsa:2048 -keyout ca.key -out ca.crt -days 3650 \
      -config "$conf" -extensions ca -subj "/CN=load-testing-k8s-ca" 2>/dev/null
    local name subj ext
    for spec in "serving|/CN=127.0.0.1|serving" "admin|/O=system:masters/CN=kubernetes-admin|client" \
      "front-proxy-client|/CN=front-proxy-client|client"; do
      IFS='|' read -r name subj ext <<<"$spec"
      openssl req -new -nodes -newkey rsa:2048 -keyout "$name.key" -out "$name.csr" \
        -config "$conf" -subj "$subj" 2>/dev/null
      openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 \
        -extfile "$conf" -extensions "$ext" -out "$name.crt" 2>/dev/null
    done
    # Signs and verifies service account tokens.
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    chmod 600 ./*.key
  )
}

write_kubeconfig() {
  b64() { base64 -w0 <"$1"; }
  cat >"$kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: load-testing
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority-data: $(b64 "$pki/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(b64 "$pki/admin.crt")
    client-key-data: $(b64 "$pki/admin.key")
contexts:
- name: load-testing
  context:
    cluster: load-testing
    user: admin
current-context: load-testing
EOF
  chmod 600 "$kubeconfig"
}

write_kwok_config() {
  mkdir -p "$run/kwok"
  printf '%s stdout F fake container log served by kwok\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" >"$pod_log"
  {
    cat <<EOF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  manageNodesWithAnnotationSelector: kwok.x-k8s.io/node=fake
  nodeIP: 127.0.0.1
  nodePort: $kwok_port
  serverAddress: 127.0.0.1:$kwok_port
  tlsCertFile: $pki/serving.crt
  tlsPrivateKeyFile: $pki/serving.key
  nodeLeaseDurationSeconds: 40
  nodeLeaseParallelism: 4
  nodePlayStageParallelism: 4
  podPlayStageParallelism: 4
  podsOnNodeSyncParallelism: 4
  enablePodsOnNodeSyncStreamWatch: true
  enableDebuggingHandlers: true
  cidr: 10.244.0.0/16
  enableCRDs:
  - Logs
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: default-pod-log
spec:
  logs:
  - logsFile: $pod_log
    follow: true
---
EOF
    cat "$here/kwok-stages.yaml"
  } >"$run/kwok/kwok.yaml"
}

nodes_manifest() {
  local i
  for ((i = 0; i < node_count; i++)); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
status:
  capacity: {cpu: "$node_cpu", memory: "$node_memory", pods: "$node_pods"}
  allocatable: {cpu: "$node_cpu", memory: "$node_memory", pods: "$node_pods"}
EOF
  done
}

any_running() {
  local c
  for c in "${components[@]}"; do pid_of "$c" >/dev/null && return 0; done
  return 1
}

all_running() {
  local c
  for c in "${components[@]}"; do pid_of "$c" >/dev/null || return 1; done
}

cmd_start() {
  local t0=$SECONDS c
  if all_running && https_ok /readyz >/dev/null 2>&1; then
    log "already running"
    cmd_env
    return 0
  fi
  any_running && cmd_stop
  for c in "${LT_K8S_BINARIES[@]}"; do
    if [[ ! -x $LT_K8S_BIN/$c ]]; then
      [[ ${LT_K8S_NO_BUILD:-0} != 1 ]] || { log "$LT_K8S_BIN/$c missing and LT_K8S_NO_BUILD=1"; exit 1; }
      log "binaries missing, running build.sh"
      "$here/build.sh" >&2
      break
    fi
  done
  local p
  for p in "$etcd_port" "$etcd_peer_port" "$api_port" "$kcm_port" "$scheduler_port" "$kwok_port"; do
    if port_busy "$p"; then
      log "port $p on 127.0.0.1 is in use; set LT_K8S_PORT_BASE to another range"
      exit 1
    fi
  done

  rm -rf "$run"
  mkdir -p "$run"
  # A failed start leaves nothing running but keeps $run/logs for inspection.
  started=0
  trap '((started)) || { log "start failed; logs are in $run/logs"; kill_all; }' EXIT

  gen_pki
  write_kubeconfig
  write_kwok_config

  launch etcd \
    --name lt --data-dir "$run/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "lt=http://127.0.0.1:$etcd_peer_port" \
    --unsafe-no-fsync --log-level warn
  wait_for "etcd" 60 curl -fsS --max-time 2 "http://127.0.0.1:$etcd_port/health"

  # Endpoints may not hold loopback addresses, so the "kubernetes" service gets none (endpoint-reconciler none).
  launch kube-apiserver \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --endpoint-reconciler-type none \
    --tls-cert-file "$pki/serving.crt" --tls-private-key-file "$pki/serving.key" \
    --client-ca-file "$pki/ca.crt" --cert-dir "$pki" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 \
    --authorization-mode RBAC \
    --kubelet-client-certificate "$pki/admin.crt" --kubelet-client-key "$pki/admin.key" \
    --kubelet-certificate-authority "$pki/ca.crt" --kubelet-preferred-address-types InternalIP \
    --requestheader-client-ca-file "$pki/ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$pki/front-proxy-client.crt" --proxy-client-key-file "$pki/front-proxy-client.key" \
    --allow-privileged=true --profiling=false
  wait_for "kube-apiserver /readyz" 120 https_ok /readyz

  launch kube-controller-manager \
    --kubeconfig "$kubeconfig" \
    --authentication-kubeconfig "$kubeconfig" --authorization-kubeconfig "$kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$kcm_port" --cert-dir "$run/kcm" \
    --leader-elect=false \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --kube-api-qps "$api_qps" --kube-api-burst "$api_burst" \
    --profiling=false

  launch kube-scheduler \
    --kubeconfig "$kubeconfig" \
    --authentication-kubeconfig "$kubeconfig" --authorization-kubeconfig "$kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$scheduler_port" --cert-dir "$run/scheduler" \
    --kube-api-qps "$api_qps" --kube-api-burst "$api_burst" \
    --leader-elect=false --profiling=false

  # kwok watches its Logs CRD from the start, so it must exist first; the nodes are ours, kwok only drives their status.
  kctl apply -f "$LT_K8S_ROOT/share/kwok-logs-crd.yaml" >/dev/null
  wait_for "kwok Logs CRD" 60 kctl wait --for condition=Established --timeout 5s crd/logs.kwok.x-k8s.io
  nodes_manifest | kctl apply -f - >/dev/null

  launch kwok --kubeconfig "$kubeconfig" --config "$run/kwok/kwok.yaml"

  wait_for "nodes Ready" 120 kctl wait --for condition=Ready --timeout 5s nodes --all
  wait_for "default service account" 120 kctl -n default get serviceaccount default
  # shellcheck disable=SC2034 # read by the EXIT trap
  started=1
  log "started in $((SECONDS - t0))s; state and logs in $run"
  cmd_env
}

kill_all() {
  local c pid pids=() i
  for ((i = ${#components[@]} - 1; i >= 0; i--)); do
    c=${components[i]}
    if pid=$(pid_of "$c"); then
      kill "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  for ((i = 0; i < 100; i++)); do
    local alive=0
    for pid in "${pids[@]}"; do alive "$pid" && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  done
}

cmd_stop() {
  kill_all
  rm -rf "$run"
  log "stopped"
}

cmd_env() {
  echo "export KUBECONFIG=$kubeconfig"
  echo "export LT_K8S_BIN=$LT_K8S_BIN"
  echo "export LT_K8S_POD_LOG=$pod_log"
  echo "export PATH=$LT_K8S_BIN:\$PATH"
}

cmd_status() {
  local c pid rc=0
  for c in "${components[@]}"; do
    if pid=$(pid_of "$c"); then
      printf '%-24s running (pid %s)\n' "$c" "$pid"
    else
      printf '%-24s not running\n' "$c"
      rc=1
    fi
  done
  if https_ok /readyz >/dev/null 2>&1; then
    echo "kube-apiserver /readyz   ok (https://127.0.0.1:$api_port)"
  else
    echo "kube-apiserver /readyz   not ready"
    rc=1
  fi
  return $rc
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
