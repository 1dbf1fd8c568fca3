#!/usr/bin/env bash
# Private PostgreSQL cluster for tests and the production-like dev mode.
#   postgres.sh start|stop|status|url
# Listens on 127.0.0.1:${LT_PG_PORT:-55432} only; superuser postgres/postgres.
set -euo pipefail
# shellcheck source=dev/scripts/lib.sh
LT_SKIP_TOOLCHAIN=1 source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${LT_PG_PORT:-55432}"

# Postgres refuses to run as root, so as root the server runs as the `postgres`
# user, which cannot traverse /root (mode 0700). Rather than loosening /root we
# keep that cluster in /var/lib (not /var/tmp: tmpfiles cleanup could eat an idle
# cluster). Non-root users run it as themselves under $LT_CACHE/pg.
if [[ $EUID -eq 0 ]]; then
  PG_BASE="${LT_PG_DIR:-/var/lib/load-testing-pg}"
else
  PG_BASE="${LT_PG_DIR:-$LT_CACHE/pg}"
fi
DATA="$PG_BASE/data"
RUN="$PG_BASE/run"
LOG="$PG_BASE/postgres.log"

as_pg() {
  # cd / so the postgres user isn't left in an unreadable cwd like /root.
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_bin_dir() {
  local d
  # A cluster must keep running on the major version that created it.
  if [[ -f "$DATA/PG_VERSION" ]]; then
    d="/usr/lib/postgresql/$(<"$DATA/PG_VERSION")/bin"
    [[ -x "$d/postgres" ]] && { echo "$d"; return; }
  fi
  d="$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n1 || true)"
  [[ -n "$d" ]] && echo "$d"
}

ensure_installed() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && return
  [[ $EUID -eq 0 ]] || { lt_log "PostgreSQL is not installed; run as root or apt-get install postgresql"; exit 1; }
  lt_log "installing postgresql with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
}

ensure_cluster() {
  [[ -f "$DATA/PG_VERSION" ]] && return
  local bin
  bin="$(pg_bin_dir)"
  lt_log "creating cluster in $DATA"
  mkdir -p "$PG_BASE"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$PG_BASE"
  chmod 0755 "$PG_BASE"
  rm -rf "$DATA"
  as_pg mkdir -p "$RUN"
  as_pg "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Throwaway data: durability isn't worth the fsync cost on a test machine.
  as_pg tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# load-testing dev cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$RUN'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

is_running() {
  local bin
  bin="$(pg_bin_dir)" || return 1
  [[ -f "$DATA/PG_VERSION" ]] && as_pg "$bin/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

wait_ready() {
  local bin i
  bin="$(pg_bin_dir)"
  for ((i = 0; i < 300; i++)); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$PORT" && return
    sleep 0.1
  done
  lt_log "postgres did not become ready on 127.0.0.1:$PORT (see $LOG)"
  exit 1
}

cmd_start() {
  ensure_installed
  mkdir -p "$PG_BASE"
  # Parallel test runners may all call start at once.
  exec 9>"$PG_BASE/.lock"
  flock 9
  ensure_cluster
  if ! is_running; then
    local bin
    bin="$(pg_bin_dir)"
    as_pg mkdir -p "$RUN"
    lt_log "starting postgres on 127.0.0.1:$PORT"
    # 9>&- : the postmaster must not inherit (and hold forever) the start lock.
    as_pg "$bin/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 -o "-p $PORT" >/dev/null 9>&-
    wait_ready
    # Trust auth already lets anyone in; the password makes URL-with-password clients happy too.
    "$bin/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
      -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
  else
    local running_port
    running_port="$(sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true)"
    if [[ -n "$running_port" && "$running_port" != "$PORT" ]]; then
      lt_log "cluster $DATA is already running on port $running_port, not $PORT; stop it first"
      exit 1
    fi
  fi
  wait_ready
}

cmd_stop() {
  if is_running; then
    lt_log "stopping postgres"
    as_pg "$(pg_bin_dir)/pg_ctl" stop -D "$DATA" -m fast -w >/dev/null
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) if is_running; then echo running; else echo stopped; exit 3; fi ;;
  url) echo "postgresql://postgres:postgres@127.0.0.1:$PORT" ;;
  *)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac
