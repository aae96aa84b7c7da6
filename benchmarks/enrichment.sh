#!/usr/bin/env bash
# Enrichment benchmark (issue 5: enrichment costs at most 10 % of single-event ingest throughput). One process serves
# two endpoints that differ only in the enrichment (benchmarks/Analytics.LoadBench/EnrichmentEndpoints.cs):
#   /plain     read the JSON, build the event from the client's fields, answer 201 with it
#   /enriched  the same through PageViewEventFactory: user agent, page URL + UTM, referrer source, visitor hash, session
# wrk sends 64 different bodies in turn (real user agents, addresses, pages with and without UTM, referrers), at 128
# connections, alternating plain/enriched in rounds so that drift on a shared machine hits both alike; the ratio is
# the mean of the rounds' ratios.
# Neither endpoint stores anything: 1 - enriched/plain is the enrichment's share of a request path that is cheaper
# than real ingest, an upper bound of its share there.
# Usage: bash benchmarks/enrichment.sh [seconds per run, default 10] [rounds, default 4]
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${1:-10}"
rounds="${2:-4}"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

dotnet publish benchmarks/Analytics.LoadBench -c Release -o "$work/loadbench" -v quiet -nologo >/dev/null
dotnet "$work/loadbench/Analytics.LoadBench.dll" enrich --urls http://127.0.0.1:5090 & pid=$!
for _ in $(seq 1 120); do curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"page":"/"}' http://127.0.0.1:5090/plain && break; sleep 0.5; done

cat > "$work/bodies.lua" <<'LUA'
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
  "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
}
local pages = {
  "https://www.shop.test/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=winter",
  "https://shop.test/blog/how-we-count?ref=7#comments",
  "/products/42",
  "https://shop.test/",
}
local referrers = { "https://www.google.com/", "https://t.co/abc", "https://blog.example.org/post/1", "" }
bodies = {}
for i = 1, 64 do
  local referrer = referrers[(i % #referrers) + 1]
  bodies[i] = string.format('{"page":"%s","user_agent":"%s","ip_address":"198.51.%d.%d"%s,"duration":%d}',
    pages[(i % #pages) + 1], agents[(i % #agents) + 1], i % 7, i,
    referrer == "" and "" or string.format(',"referrer":"%s"', referrer), i)
end
counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter % 64) + 1])
end
LUA

run() { wrk -t2 -c128 -d"${2:-$duration}s" -s "$work/bodies.lua" "http://127.0.0.1:5090/$1" | awk '/Requests\/sec/ {print $2}'; }
# Warm-up: JIT tiers, caches and connection pools settle before anything is measured.
run plain 3 >/dev/null; run enriched 3 >/dev/null
plains=(); enricheds=(); ratios=()
for _ in $(seq 1 "$rounds"); do
  p="$(run plain)"; e="$(run enriched)"
  plains+=("$p"); enricheds+=("$e"); ratios+=("$(awk -v x="$e" -v y="$p" 'BEGIN {printf "%.3f", x/y}')")
done
mean() { printf '%s\n' "$@" | awk '{s += $1} END {printf "%.3f", s / NR}'; }
ratio="$(mean "${ratios[@]}")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); $(date -u +%F); wrk -t2 -c128 -d${duration}s, 64 bodies, $rounds rounds"
echo "/plain    ${plains[*]} req/s"
echo "/enriched ${enricheds[*]} req/s"
echo "enriched/plain per round: ${ratios[*]}"
echo "enriched/plain = $ratio   enrichment share of the request path = $(awk -v r="$ratio" 'BEGIN {printf "%.1f %%", (1 - r) * 100}')"
