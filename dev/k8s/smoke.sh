#!/usr/bin/env bash
# Checks a started cluster (cluster.sh start) end to end: Job pods are created, scheduled onto
# kwok nodes and Running; impossible pods stay Pending/Unschedulable; pod logs come from kwok;
# the kwok.test/phase annotation completes a Job; the kwok.test failure images fail their pods;
# a Job past its deadline fails and loses its pod; deleting a namespace removes its pods.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
eval "$("$here/cluster.sh" env)"

ns=lt-smoke-$$
step() { printf '\n== %s\n' "$*"; }
fail() { echo "smoke.sh: FAIL: $*" >&2; exit 1; }
trap 'kubectl delete namespace "$ns" --wait=false >/dev/null 2>&1 || true' EXIT

step "namespace and ConfigMap"
kubectl create namespace "$ns"
kubectl -n "$ns" create configmap locustfile --from-literal=locustfile.py='from locust import HttpUser'

step "Job with parallelism 3, resource requests and a nodeSelector for the kwok nodes"
kubectl -n "$ns" apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: locust-workers
spec:
  parallelism: 3
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      nodeSelector:
        type: kwok
      containers:
      - name: locust
        image: locustio/locust:2.31.0
        args: ["--worker"]
        resources:
          requests: {cpu: 500m, memory: 256Mi}
        volumeMounts:
        - {name: locustfile, mountPath: /mnt/locust}
      volumes:
      - name: locustfile
        configMap: {name: locustfile}
EOF
for _ in $(seq 60); do
  [[ $(kubectl -n "$ns" get pods -l job-name=locust-workers -o name | wc -l) -ge 3 ]] && break
  sleep 0.5
done
kubectl -n "$ns" wait pods -l job-name=locust-workers --for jsonpath='{.status.phase}'=Running --timeout 60s
kubectl -n "$ns" get pods -l job-name=locust-workers -o wide
nodes=$(kubectl -n "$ns" get pods -l job-name=locust-workers -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}')
grep -qv '^kwok-node-' <<<"$nodes" && fail "a Job pod landed outside the kwok nodes: $nodes"

step "impossible nodeSelector and impossible cpu request stay Pending (Unschedulable)"
kubectl -n "$ns" run nowhere --image=busybox --restart=Never --overrides='{"spec":{"nodeSelector":{"type":"does-not-exist"}}}'
kubectl -n "$ns" run too-big --image=busybox --restart=Never --overrides='{"spec":{"containers":[{"name":"too-big","image":"busybox","resources":{"requests":{"cpu":"100"}}}]}}'
for p in nowhere too-big; do
  kubectl -n "$ns" wait "pod/$p" --for jsonpath='{.status.conditions[?(@.type=="PodScheduled")].reason}'=Unschedulable --timeout 60s
  kubectl -n "$ns" get "pod/$p" -o jsonpath='{.metadata.name}: {.status.phase} {.status.conditions[?(@.type=="PodScheduled")].reason}: {.status.conditions[?(@.type=="PodScheduled")].message}{"\n"}'
done

step "kubectl logs is served by kwok from \$LT_K8S_POD_LOG"
pod=$(kubectl -n "$ns" get pods -l job-name=locust-workers -o jsonpath='{.items[0].metadata.name}')
printf '%s stdout F smoke line %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$ns" >>"$LT_K8S_POD_LOG"
out=$(kubectl -n "$ns" logs "$pod")
echo "$out"
grep -q "smoke line $ns" <<<"$out" || fail "kubectl logs did not return the kwok log file"

step "a Logs object gives one pod its own log file"
own=$(dirname "$LT_K8S_POD_LOG")/$ns-$pod.log
printf '%s stdout F own log of %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$pod" >"$own"
kubectl -n "$ns" apply -f - <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Logs
metadata:
  name: $pod
spec:
  logs:
  - logsFile: $own
EOF
for _ in $(seq 20); do
  out=$(kubectl -n "$ns" logs "$pod")
  grep -q "own log of $pod" <<<"$out" && break
  sleep 0.5
done
echo "$out"
grep -q "own log of $pod" <<<"$out" || fail "the Logs object was not used"

step "annotating the pods kwok.test/phase=Succeeded completes the Job"
kubectl -n "$ns" annotate pods -l job-name=locust-workers kwok.test/phase=Succeeded
kubectl -n "$ns" wait job/locust-workers --for condition=Complete --timeout 60s
kubectl -n "$ns" get job,pods -l job-name=locust-workers

step "failure images: ImagePullBackOff, CrashLoopBackOff, OOMKilled"
for img in image-pull-backoff crash-loop-backoff oom-killed; do
  kubectl -n "$ns" run "$img" --image="kwok.test/$img:1" --restart=Never
done
c='{.status.containerStatuses[0]'
kubectl -n "$ns" wait pod/image-pull-backoff --for jsonpath="$c.state.waiting.reason}"=ImagePullBackOff --timeout 60s
kubectl -n "$ns" wait pod/crash-loop-backoff --for jsonpath="$c.state.waiting.reason}"=CrashLoopBackOff --timeout 60s
kubectl -n "$ns" wait pod/oom-killed --for jsonpath="$c.state.terminated.reason}"=OOMKilled --timeout 60s
for p in image-pull-backoff crash-loop-backoff oom-killed; do
  kubectl -n "$ns" get "pod/$p" -o jsonpath="{.metadata.name}: {.status.phase} $c.state} restarts=$c.restartCount} last=$c.lastState}{\"\\n\"}"
done
[[ $(kubectl -n "$ns" get pod/image-pull-backoff -o jsonpath='{.status.phase}') == Pending ]] || fail "image-pull-backoff is not Pending"
[[ $(kubectl -n "$ns" get pod/crash-loop-backoff -o jsonpath="{.status.phase} $c.ready} $c.restartCount} $c.lastState.terminated.exitCode}") == "Running false 5 1" ]] ||
  fail "crash-loop-backoff is not Running/unready with 5 restarts after exit code 1"
[[ $(kubectl -n "$ns" get pod/oom-killed -o jsonpath="{.status.phase} $c.state.terminated.exitCode}") == "Failed 137" ]] ||
  fail "oom-killed did not fail with exit code 137"

step "a Job past its activeDeadlineSeconds fails with DeadlineExceeded and its pod is deleted"
kubectl -n "$ns" apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: deadline
spec:
  activeDeadlineSeconds: 3
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: locust, image: locustio/locust:2.31.0}
EOF
kubectl -n "$ns" wait pods -l job-name=deadline --for jsonpath='{.status.phase}'=Running --timeout 60s
kubectl -n "$ns" wait job/deadline --for jsonpath='{.status.conditions[?(@.type=="Failed")].reason}'=DeadlineExceeded --timeout 60s
kubectl -n "$ns" wait pods -l job-name=deadline --for delete --timeout 60s
[[ -z $(kubectl -n "$ns" get pods -l job-name=deadline -o name) ]] || fail "the deadline Job's pod is still there"
echo "job/deadline: DeadlineExceeded, pod deleted"

step "deleting the namespace removes it and its pods"
kubectl delete namespace "$ns" --timeout 120s
gone=$(kubectl get namespace "$ns" 2>&1 || true)
grep -q NotFound <<<"$gone" || fail "namespace $ns still exists: $gone"
left=$(kubectl get pods -A --field-selector metadata.namespace="$ns" -o name)
[[ -z $left ]] || fail "pods left behind: $left"
rm -f "$own"
echo "namespace $ns and its pods are gone"

echo
echo "smoke.sh: all checks passed"
