#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server for tests and benchmarks, installing Debian's postgresql first
# when it is missing. PostgreSQL refuses to run as root, so as root the server runs as the postgres user.
#   bash scripts/postgres.sh start   -> prints the Npgsql connection string on its last line
#   bash scripts/postgres.sh stop
# Settings: ANALYTICS_PG_DIR (default /tmp/analytics-pg), ANALYTICS_PG_PORT (default 55432),
# ANALYTICS_PG_DURABLE=1 keeps PostgreSQL's durability defaults (fsync, synchronous_commit) for benchmarks.
set -euo pipefail

dir="${ANALYTICS_PG_DIR:-/tmp/analytics-pg}"
port="${ANALYTICS_PG_PORT:-55432}"

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
  if [ -n "$(find_bin)" ] && [ -x "$(find_bin)/postgres" ]; then return; fi
  if [ "$(id -u)" != "0" ]; then
    echo "PostgreSQL is not installed. Install Debian's 'postgresql' package (sudo apt-get install postgresql) or set ANALYTICS_TEST_POSTGRES." >&2
    exit 1
  fi
  echo "Installing Debian's postgresql package..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  # The package starts its own cluster on 5432; we use a throwaway one, so stop it to free resources.
  if command -v pg_ctlcluster >/dev/null; then
    for cluster in $(ls /etc/postgresql 2>/dev/null); do pg_ctlcluster "$cluster" main stop >/dev/null 2>&1 || true; done
  fi
}

start() {
  install_postgres
  local bin; bin="$(find_bin)"
  if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    return
  fi
  # A stopped server keeps its data (a restart is a restart); a missing or half-made one is created afresh.
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # For tests, durability settings are off for speed: the tests exercise our code's guarantees, not the disk's.
  local options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB"
  if [ "${ANALYTICS_PG_DURABLE:-0}" != "1" ]; then
    options="$options -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$options" >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

stop() {
  local bin; bin="$(find_bin)"
  [ -n "$bin" ] && [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
