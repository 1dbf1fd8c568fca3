#!/usr/bin/env bash
# Builds a real Kubernetes control plane for tests from the Go module proxy only:
# kube-apiserver, kube-controller-manager, kube-scheduler and kubectl (k8s.io/kubernetes),
# etcd (go.etcd.io/etcd/server/v3) and kwok (sigs.k8s.io/kwok) into $LT_K8S_BIN.
# Binaries that already exist for the pinned versions are not rebuilt.
#
# Without a new enough `go` on PATH, Go itself is installed first (go.sh).
#
# Env: K8S_VERSION, ETCD_VERSION, KWOK_VERSION, GO_VERSION, LT_CACHE (see lib.sh);
#      LT_BUILD_JOBS (go build -p, default 1), LT_BUILD_NICE (default 19), LT_FORCE_BUILD=1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

jobs=${LT_BUILD_JOBS:-1}
niceness=${LT_BUILD_NICE:-19}
src_root=$LT_K8S_ROOT/src
stamps=$LT_K8S_ROOT/stamps
share=$LT_K8S_ROOT/share

# Called before building anything: the go on PATH when it is new enough, else one installed
# from the module proxy into $LT_CACHE/go.
go_ready=0
need_go() {
  ((go_ready)) && return
  local bin
  bin=$("$here/go.sh")
  PATH=$bin:$PATH
  go_ready=1
}

# The builds share the machine with other work: lowest priority, one package at a time.
export GOFLAGS="-buildvcs=false -p=$jobs"
export GOTOOLCHAIN=local
export CGO_ENABLED=0
gentle=(nice -n "$niceness")
command -v ionice >/dev/null && gentle=(ionice -c 3 "${gentle[@]}")

mkdir -p "$LT_K8S_BIN" "$stamps" "$share" "$src_root"

is_built() { # component version binaries...
  local component=$1 version=$2; shift 2
  [[ ${LT_FORCE_BUILD:-0} != 1 ]] || return 1
  [[ -f $stamps/$component && $(cat "$stamps/$component") == "$version" ]] || return 1
  local b
  for b in "$@"; do [[ -x $LT_K8S_BIN/$b ]] || return 1; done
}

new_module() { # dir module-path
  rm -rf "$1"
  mkdir -p "$1"
  printf 'module %s\n\ngo %s\n' "$2" "$GO_MIN_VERSION" >"$1/go.mod"
}

quiet_get() { # go get, with its per-module chatter kept in get.log unless it fails
  go get "$@" >get.log 2>&1 || { cat get.log >&2; return 1; }
}

gomod_of() { # module@version -> path of its go.mod in the module cache
  go mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p'
}

build_kubernetes() {
  local bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  if is_built kubernetes "$K8S_VERSION" "${bins[@]}"; then
    echo "kubernetes $K8S_VERSION: already built"
    return
  fi
  echo "kubernetes $K8S_VERSION (staging $K8S_STAGING_VERSION): building ${bins[*]}"
  need_go
  local dir=$src_root/kubernetes
  new_module "$dir" lt.local/kubernetes-build
  cd "$dir"

  local kmod
  kmod=$(gomod_of "k8s.io/kubernetes@$K8S_VERSION")
  [[ -f $kmod ]] || { echo "build.sh: k8s.io/kubernetes@$K8S_VERSION not served by the module proxy" >&2; exit 1; }
  # Staging modules appear as "k8s.io/x v0.0.0" in k8s.io/kubernetes' go.mod; point each at its published release.
  local edits=(-require="k8s.io/kubernetes@$K8S_VERSION") m
  while read -r m; do
    edits+=(-replace="$m=$m@$K8S_STAGING_VERSION")
  done < <(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$kmod")
  go mod edit "${edits[@]}"
  local pkgs=() b
  for b in "${bins[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
  quiet_get "${pkgs[@]/%/@$K8S_VERSION}"

  local minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  local ldflags="-s -w" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  "${gentle[@]}" go build -trimpath -ldflags "$ldflags" -o "$LT_K8S_BIN/" "${pkgs[@]}"
  echo "$K8S_VERSION" >"$stamps/kubernetes"
}

build_etcd() {
  if is_built etcd "$ETCD_VERSION" etcd; then
    echo "etcd $ETCD_VERSION: already built"
    return
  fi
  echo "etcd $ETCD_VERSION: building etcd"
  need_go
  local dir=$src_root/etcd
  new_module "$dir" lt.local/etcd-build
  cd "$dir"
  # go.etcd.io/etcd/server/v3 is itself the etcd main package.
  quiet_get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  "${gentle[@]}" go build -trimpath -ldflags "-s -w" -o "$LT_K8S_BIN/etcd" go.etcd.io/etcd/server/v3
  echo "$ETCD_VERSION" >"$stamps/etcd"
}

build_kwok() {
  if is_built kwok "$KWOK_VERSION" kwok && [[ -f $share/kwok-logs-crd.yaml ]]; then
    echo "kwok $KWOK_VERSION: already built"
    return
  fi
  echo "kwok $KWOK_VERSION: building kwok"
  need_go
  local dir=$src_root/kwok
  new_module "$dir" lt.local/kwok-build
  cd "$dir"
  quiet_get "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  "${gentle[@]}" go build -trimpath -ldflags "-s -w" -o "$LT_K8S_BIN/kwok" sigs.k8s.io/kwok/cmd/kwok
  # cluster.sh installs kwok's Logs CRD so tests can give single pods their own log file.
  local kdir
  kdir=$(go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
  cp "$kdir/kustomize/crd/bases/kwok.x-k8s.io_logs.yaml" "$share/kwok-logs-crd.yaml"
  chmod u+w "$share/kwok-logs-crd.yaml"
  echo "$KWOK_VERSION" >"$stamps/kwok"
}

start=$SECONDS
build_etcd
build_kwok
build_kubernetes
echo "build.sh: done in $((SECONDS - start))s, binaries in $LT_K8S_BIN"

echo "--- versions"
"$LT_K8S_BIN/etcd" --version | sed -n 1p
"$LT_K8S_BIN/kube-apiserver" --version
"$LT_K8S_BIN/kube-controller-manager" --version
"$LT_K8S_BIN/kube-scheduler" --version
"$LT_K8S_BIN/kubectl" version --client | sed -n 1p
"$LT_K8S_BIN/kwok" --version 2>/dev/null || echo "kwok $KWOK_VERSION"
