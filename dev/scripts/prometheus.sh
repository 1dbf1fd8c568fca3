#!/usr/bin/env bash
# A Prometheus for the dev portal and its end-to-end tests: scrapes the sample target's
# /metrics every second, data in a folder of its own.
# Usage: prometheus.sh <listen host:port> <target host:port> <data folder>
set -euo pipefail
listen="$1" target="$2" dir="$3"
bin="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
mkdir -p "$dir/data"
cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: target
    static_configs:
      - targets: ['$target']
YAML
exec "$bin" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --storage.tsdb.retention.time=7d --web.listen-address="$listen"
