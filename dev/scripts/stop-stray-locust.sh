#!/usr/bin/env bash
# Kill every process whose command line mentions both "locust" and MARKER
# (e.g. a test's temp dir), so a failed test can't leave Locust running.
#   stop-stray-locust.sh MARKER
set -euo pipefail

marker="${1:-}"
[[ -n "$marker" ]] || { echo "usage: $0 MARKER" >&2; exit 2; }

find_pids() {
  local d pid cmd args
  pids=()
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    [[ "$pid" == "$$" ]] && continue
    # mapfile is a builtin: no forks of this script that could match themselves.
    mapfile -d '' args 2>/dev/null <"$d/cmdline" || continue
    cmd="${args[*]:-}"
    [[ "$cmd" == *locust* && "$cmd" == *"$marker"* && "$cmd" != *stop-stray-locust* ]] || continue
    pids+=("$pid")
  done
}

find_pids
((${#pids[@]})) || exit 0
echo "[load-testing] stopping stray locust: ${pids[*]}" >&2
kill -TERM "${pids[@]}" 2>/dev/null || true
for _ in {1..50}; do
  find_pids
  ((${#pids[@]})) || exit 0
  sleep 0.1
done
kill -KILL "${pids[@]}" 2>/dev/null || true
