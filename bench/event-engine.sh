#!/usr/bin/env bash
# Event engine speed, in one run (about 6 minutes on 2 cores):
#  1. ingest: wrk against /api/errors (1.2 KB native events) and /api/{id}/envelope/ (gzip'd Sentry envelopes),
#     beside a parse-only endpoint on the same server (the ceiling), with every accepted event durably queued;
#  2. drain: 100,000 queued events into grouped issues, beside a plain COPY of the same rows (the ceiling).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
command -v wrk >/dev/null || { echo "Installing wrk..."; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
port=18089
duration=${BENCH_SECONDS:-15}
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

if [ "${BENCH_PART:-all}" != drain ]; then
"$JAVA_HOME/bin/java" -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CLASSPATH" io.flytrap.bench.engine.IngestServer "$work" "$port" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do [ -f "$work/ready" ] && break; sleep 1; done
[ -f "$work/ready" ] || { cat "$work/server.log"; exit 1; }
key=$(cat "$work/key"); project=$(cat "$work/project")

cat > "$work/post.lua" <<LUA
local f = io.open(os.getenv("BODY"), "rb"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["x-api-key"] = "$key"
wrk.headers["X-Sentry-Auth"] = "Sentry sentry_version=7, sentry_key=$key"
if os.getenv("GZIP") == "1" then wrk.headers["content-encoding"] = "gzip" end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.1f %.2f\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
LUA

measure() { # name url body gzip -> "accepted/s p99ms"
  local out
  out=$(BODY="$3" GZIP="$4" wrk -t2 -c"${BENCH_CONNECTIONS:-128}" -d"${duration}s" -s "$work/post.lua" "http://127.0.0.1:$port$2" | grep '^RESULT')
  echo "$1 $out" >> "$work/results"
}

# warm-up, then two rounds in alternating order
BODY="$work/native.json" GZIP=0 wrk -t2 -c"${BENCH_CONNECTIONS:-128}" -d10s -s "$work/post.lua" "http://127.0.0.1:$port/bench/parse-only" >/dev/null
BODY="$work/native.json" GZIP=0 wrk -t2 -c"${BENCH_CONNECTIONS:-128}" -d10s -s "$work/post.lua" "http://127.0.0.1:$port/api/errors" >/dev/null
before=$(curl -s "http://127.0.0.1:$port/bench/queued" | tr -dc '0-9')
for round in 1 2; do
  if [ "$round" = 1 ]; then order="ceiling native envelope"; else order="envelope native ceiling"; fi
  for what in $order; do
    case $what in
      ceiling) measure ceiling /bench/parse-only "$work/native.json" 0 ;;
      native) measure native /api/errors "$work/native.json" 0 ;;
      envelope) measure envelope "/api/$project/envelope/" "$work/envelope.gz" 1 ;;
    esac
  done
done
after=$(curl -s "http://127.0.0.1:$port/bench/queued" | tr -dc '0-9')
kill $server; wait $server 2>/dev/null || true

echo
echo "| endpoint | requests/s (mean of 2 runs) | p99 ms | non-2xx or socket errors |"
echo "|---|---|---|---|"
for what in ceiling native envelope; do
  # a results line: name RESULT requests errors requests/s p99-ms
  awk -v w="$what" '$1==w {r[++n]=$5; p[n]=$6; e+=$4} END {printf "| %s | %.0f | %s | %d |\n", w, (r[1]+r[2])/2, p[n], e}' "$work/results"
done
ceiling=$(awk '$1=="ceiling" {s+=$5; n++} END {print s/n}' "$work/results")
for what in native envelope; do
  awk -v w="$what" -v c="$ceiling" '$1==w {s+=$5; n++} END {printf "%s / ceiling: %.2f\n", w, (s/n)/c}' "$work/results"
done
answered=$(awk '$1!="ceiling" {s+=$3-$4} END {print s}' "$work/results")
echo "accepted by ingest: $answered; queued: $((after - before)) (every accepted event must be queued)"
fi
[ "${BENCH_PART:-all}" = ingest ] && exit 0

echo
"$JAVA_HOME/bin/java" -Xmx2g -cp "$BENCH_CLASSPATH" io.flytrap.bench.engine.DrainBenchmark
