#!/usr/bin/env bash
# Ingest benchmark for Plausible's Events API (issue 11, item 6): single events through POST /api/event, on each
# store, beside the no-op ceiling measured in the same run; POST /api/events single events alongside for comparison.
#   (a) a no-op Kestrel POST endpoint                     -> requests/s (the HTTP ceiling)
#   (b) POST /api/event, one Plausible page view each     -> requests/s (202 after commit), PostgreSQL and DuckDB
#   (c) POST /api/events, one event each (the seed route)  -> requests/s (201 after commit), PostgreSQL and DuckDB
# PostgreSQL runs with its durability defaults (fsync on); DuckDB writes a file in a temporary folder.
# Usage: bash benchmarks/ingest-events-api.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."

source benchmarks/ingest-common.sh

# A desktop Chrome page view as Plausible's tracker sends it: text/plain, the user agent in the header.
cat > "$work/plausible.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
wrk.headers["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
wrk.body = '{"n":"pageview","u":"https://shop.test/pricing?utm_source=newsletter","d":"shop.test","r":"https://www.google.com/"}'
LUA
ratio() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.2f", x/y}'; }

# (a) no-op ceiling
dotnet "$work/loadbench/Analytics.LoadBench.dll" noop --urls http://127.0.0.1:5080 & pids+=($!)
wait_for http://127.0.0.1:5080/noop POST
run_wrk http://127.0.0.1:5080/noop "$work/single.lua" noop
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# (b) and (c) on one store: the standalone host from its own folder, as the container runs it.
run_store() {
  local name="$1"; shift
  (cd "$work/host" && exec env "$@" PORT=5081 HOST=127.0.0.1 Logging__LogLevel__Default=Warning dotnet Analytics.StandaloneHost.dll) & local host=$!
  pids+=($host)
  wait_for http://127.0.0.1:5081/health
  run_wrk http://127.0.0.1:5081/api/event "$work/plausible.lua" "event-$name"
  run_wrk http://127.0.0.1:5081/api/events "$work/single.lua" "events-$name"
  kill "$host"; wait "$host" 2>/dev/null || true
}
run_store postgresql DATABASE_URL="$connection" Analytics__Schema=bench
run_store duckdb Analytics__DuckDbPath="$work/bench.duckdb"

a="$(rps noop)"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); $(date -u '+%F %H:%M') UTC; wrk -t$threads -c$connections -d${duration}s; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(a) no-op POST ceiling                 $a req/s (p99 $(p99 noop))"
for store in postgresql duckdb; do
  b="$(rps "event-$store")"; c="$(rps "events-$store")"
  echo "(b) POST /api/event,  $store   $b req/s (p99 $(p99 "event-$store"), non-2xx $(non2xx "event-$store"))   b/a = $(ratio "$b" "$a")"
  echo "(c) POST /api/events, $store   $c req/s (p99 $(p99 "events-$store"), non-2xx $(non2xx "events-$store"))   c/a = $(ratio "$c" "$a")"
done
