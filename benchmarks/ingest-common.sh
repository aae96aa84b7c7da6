# Shared by the ingest benchmarks (sourced from the repository's root with the seconds per run as $1): wrk, a
# durable throwaway PostgreSQL on 55440 with an empty "bench" schema, the load bench and the standalone host published
# in Release under $work, the single-event wrk script, and helpers reading wrk's output. Stops what it started on exit.
duration="${1:-15}"
connections=128
threads=2
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  ANALYTICS_PG_DIR=/tmp/analytics-pg-bench ANALYTICS_PG_PORT=55440 bash scripts/postgres.sh stop
}
trap cleanup EXIT

# A load generator is one client address hammering ingestion: lift the per-address rate limit (README "Rate limits"),
# which a real site never reaches, so the runs measure the pipeline and compare with earlier ones.
export Analytics__RateLimits__Ingest__PermitLimit="${Analytics__RateLimits__Ingest__PermitLimit:-2000000000}"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

connection="$(ANALYTICS_PG_DIR=/tmp/analytics-pg-bench ANALYTICS_PG_PORT=55440 ANALYTICS_PG_DURABLE=1 bash scripts/postgres.sh start | tail -n 1)"
# Every run starts from an empty schema, so runs compare.
psql "host=127.0.0.1 port=55440 user=postgres dbname=postgres" -qc 'DROP SCHEMA IF EXISTS bench CASCADE' >/dev/null
dotnet publish benchmarks/Analytics.LoadBench -c Release -o "$work/loadbench" -v quiet -nologo >/dev/null
dotnet publish samples/StandaloneHost -c Release -o "$work/host" -v quiet -nologo >/dev/null

wait_for() { for _ in $(seq 1 120); do curl -fs -o /dev/null "$1" -X "${2:-GET}" -H 'Content-Type: application/json' -d '{}' && return 0; sleep 0.5; done; echo "not up: $1" >&2; exit 1; }

cat > "$work/single.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"page":"/pricing","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36","ip_address":"192.168.0.1","referrer":"https://www.google.com/","session_id":"abc123","duration":12}'
LUA

run_wrk() { wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$2" "$1" > "$work/$3.txt"; cat "$work/$3.txt" >&2; }
rps() { grep 'Requests/sec' "$work/$1.txt" | awk '{print $2}'; }
non2xx() { grep -o 'Non-2xx or 3xx responses: [0-9]*' "$work/$1.txt" | grep -o '[0-9]*$' || echo 0; }
p99() { grep ' 99%' "$work/$1.txt" | awk '{print $2}'; }
