# Shared versions and paths for build.sh and cluster.sh; every value can be overridden from the environment.
# shellcheck shell=bash

K8S_VERSION=${K8S_VERSION:-v1.36.3}
# k8s.io/kubernetes v1.Y.Z is published together with the staging modules k8s.io/* v0.Y.Z.
K8S_STAGING_VERSION=${K8S_STAGING_VERSION:-v0.${K8S_VERSION#v1.}}
ETCD_VERSION=${ETCD_VERSION:-v3.6.16}
KWOK_VERSION=${KWOK_VERSION:-v0.8.0}
# Go: build.sh uses the `go` on PATH when it is at least GO_MIN_VERSION, else installs GO_VERSION (go.sh).
GO_VERSION=${GO_VERSION:-1.26.8}
GO_MIN_VERSION=${GO_MIN_VERSION:-1.26.0}

LT_CACHE=${LT_CACHE:-$HOME/.cache/load-testing}
LT_K8S_ROOT=${LT_K8S_ROOT:-$LT_CACHE/k8s/$K8S_VERSION}
LT_K8S_BIN=${LT_K8S_BIN:-$LT_K8S_ROOT/bin}
LT_K8S_RUN=${LT_K8S_RUN:-$LT_CACHE/k8s/run}

# shellcheck disable=SC2034 # used by cluster.sh
LT_K8S_BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)
