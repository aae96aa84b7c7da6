#!/usr/bin/env bash
# Ingest benchmark (issue 4): one run, one machine, 128 connections, wrk as the load generator.
#   (a) a no-op Kestrel POST endpoint           -> requests/s  (the HTTP ceiling)
#   (b) POST /api/events, one event each         -> requests/s  (durable: 201 after commit)
#   (c) POST /api/events/batch, 100 events each  -> events/s
#   (d) raw binary COPY straight into an events table the store created (same columns, partitions, indexes),
#       no staging, no de-duplication -> rows/s (the database ceiling); and, for where (c) loses against it, the
#       store's own write path (PostgreSqlEventStore.AppendAsync in the writer's batches) on the same rows, no HTTP
#   (e) the service's peak RSS while (b) and (c) run
# Prints the figures and the ratios b/a and c/d. PostgreSQL runs with its durability defaults (fsync on).
# Usage: bash benchmarks/ingest.sh [seconds per run, default 15]
# Analytics__* variables in the environment reach the service (e.g. Analytics__MaxConcurrentWrites=1).
set -euo pipefail
cd "$(dirname "$0")/.."

source benchmarks/ingest-common.sh

{
  echo 'wrk.method = "POST"'
  echo 'wrk.headers["Content-Type"] = "application/json"'
  printf "wrk.body = '["
  for i in $(seq 1 100); do
    [ "$i" -gt 1 ] && printf ","
    printf '{"page":"/p%d","user_agent":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1","ip_address":"10.0.0.%d","referrer":"https://t.co/","session_id":"s%d","duration":%d}' "$((i % 20))" "$i" "$i" "$i"
  done
  printf "]'\n"
} > "$work/batch.lua"

# (a) no-op ceiling
dotnet "$work/loadbench/Analytics.LoadBench.dll" noop --urls http://127.0.0.1:5080 & pids+=($!)
wait_for http://127.0.0.1:5080/noop POST
run_wrk http://127.0.0.1:5080/noop "$work/single.lua" noop
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# (b), (c), (e): the service
# From its own folder, as the container runs it, so the shipped appsettings.json applies.
(cd "$work/host" && DATABASE_URL="$connection" Analytics__Schema=bench PORT=5081 HOST=127.0.0.1 Logging__LogLevel__Default=Warning \
  exec dotnet Analytics.StandaloneHost.dll) & host=$!; pids+=($host)
wait_for http://127.0.0.1:5081/health
peak_rss=0
( while kill -0 "$host" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$host/status"; sleep 0.5; done ) > "$work/rss.txt" 2>/dev/null & pids+=($!)
run_wrk http://127.0.0.1:5081/api/events "$work/single.lua" single
run_wrk http://127.0.0.1:5081/api/events/batch "$work/batch.lua" batch
peak_rss="$(sort -n "$work/rss.txt" | tail -n 1)"
stored="$(psql "host=127.0.0.1 port=55440 user=postgres dbname=postgres" -Atc 'SELECT count(*) FROM bench.events')"

# (d) COPY ceiling, after the service's load so they do not compete
copy="$(dotnet "$work/loadbench/Analytics.LoadBench.dll" copy "$connection" 1000000 | awk '/copy_rows_per_second/ {print $2}')"
store="$(dotnet "$work/loadbench/Analytics.LoadBench.dll" store "$connection" 400000 | awk '/store_rows_per_second/ {print $2}')"

a="$(rps noop)"; b="$(rps single)"; c_req="$(rps batch)"
c="$(awk -v r="$c_req" 'BEGIN {printf "%.0f", r * 100}')"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); $(date -u +%F); wrk -t$threads -c$connections -d${duration}s"
echo "(a) no-op POST ceiling          $a req/s   (p99 $(p99 noop))"
echo "(b) POST /api/events            $b req/s   (p99 $(p99 single), non-2xx $(non2xx single))   b/a = $(awk -v x="$b" -v y="$a" 'BEGIN {printf "%.2f", x/y}')"
echo "(c) POST /api/events/batch x100 $c events/s (p99 $(p99 batch), non-2xx $(non2xx batch))"
echo "(d) raw binary COPY             $copy rows/s   c/d = $(awk -v x="$c" -v y="$copy" 'BEGIN {printf "%.2f", x/y}')"
echo "    store write path, no HTTP   $store rows/s   store/d = $(awk -v x="$store" -v y="$copy" 'BEGIN {printf "%.2f", x/y}')"
echo "(e) service peak RSS            $((peak_rss / 1024)) MB"
echo "events stored by the service    $stored"
