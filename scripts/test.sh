#!/usr/bin/env bash
# The test command: builds with warnings as errors (the build runs `npm ci` for the browser tracker and for the peers'
# clients that the browser tests drive; Debian's nodejs and npm are installed when missing), installs
# Debian's chromium for the browser tests when it is missing, starts a throwaway PostgreSQL (installing it when
# missing) unless ANALYTICS_TEST_POSTGRES is set, runs every test project, and ends with "N passed, M failed"
# counted from the test results themselves (TRX files), not from dotnet's console summary.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The build runs npm (the tracker, and Plausible's and Umami's clients for the browser tests); @umami/node runs in Node.
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's nodejs and npm packages for the build..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
  else
    echo "Node.js and npm are missing: the build will fail. Install them with: sudo apt-get install -y nodejs npm" >&2
  fi
fi

# The browser tests drive Debian's Chromium through Playwright, which must never download a browser of its own.
# Without it they fail and say so; they never skip.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's chromium package for the browser tests..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "Debian's chromium is missing: the browser tests will fail. Install it with: sudo apt-get install -y chromium" >&2
  fi
fi

if [ -z "${ANALYTICS_TEST_POSTGRES:-}" ]; then
  ANALYTICS_TEST_POSTGRES="$(bash scripts/postgres.sh start | tail -n 1)"
  export ANALYTICS_TEST_POSTGRES
  trap 'bash scripts/postgres.sh stop' EXIT
fi

results="$(mktemp -d)"
status=0
dotnet build Analytics.sln -c Release -warnaserror -nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  dotnet test Analytics.sln -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?
fi

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "The build or the test run failed before any test could fail (exit code $status); see above." >&2
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
