#!/usr/bin/env bash
# Event engine speed, in one run (about 6 minutes on 2 cores):
#  1. ingest: wrk against /api/errors (1.2 KB native events) and /api/{id}/envelope/ (gzip'd Sentry envelopes),
#     beside a parse-only endpoint on the same server (the ceiling), with every accepted event durably queued;
#  2. drain: 100,000 queued events into grouped issues, beside a plain COPY of the same rows (the ceiling).
# BENCH_BEFORE_CLASSPATH (see bench/lib.sh): an older build is measured in the same run — for ingest its server runs
# beside this build's and every wrk run alternates between the two; the drain runs BENCH_PAIRS times on each build,
# alternating. The tables then have one row per build and endpoint, and after/before ratios are printed.
# CPU per accepted event: each wrk run also reads from /proc the CPU time (user + system) the server's JVM and its
# PostgreSQL (postmaster, its live backends and the ones it reaped) used during the run, and the table prints it in
# µs per answered request (one event per request for both ingest bodies). BENCH_JFR=<dir>: each run of this build is
# also recorded with JDK Flight Recorder into <dir>/<endpoint>-<round>.jfr (a profiling run: JFR costs some CPU).
# BENCH_KEEP=1 keeps the temporary folder (server logs, wrk scripts, results) for a look after the run.
# BENCH_JAVA_OPTS: more JVM options for the servers and the drain (builds before 1dc5a0e need
# -Dmanagement.endpoint.health.validate-group-membership=false for the drain's worker-only context to start).
# -Dwarmup=N in BENCH_JAVA_OPTS drains N events of another project first, unmeasured, so the measured drain runs on a
# JVM whose compilers have seen the work (builds before issue #24's fourth round ignore it and start cold).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
command -v wrk >/dev/null || { echo "Installing wrk..."; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
duration=${BENCH_SECONDS:-15}
servers=""
trap 'for pid in $servers; do kill "$pid" 2>/dev/null || true; done; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT

if [ -n "${BENCH_BEFORE_CLASSPATH:-}" ]; then builds="before after"; else builds="after"; fi

start_server() { # build port: starts that build's ingest server on the port, its files in $work/<build>
  local classpath=$BENCH_CLASSPATH
  [ "$1" = before ] && classpath=$BENCH_BEFORE_CLASSPATH
  mkdir -p "$work/$1"
  # the refusal budget would cap the measurement: wrk cuts its in-flight requests at the end of each run, those
  # count as the client's fault, and 60 a minute from one address turned every later request into a 429 (issue #19)
  "$JAVA_HOME/bin/java" -Xmx1g -Dflytrap.ingest.failure-budget.per-address-per-minute=100000000 \
    -Dflytrap.ingest.failure-budget.per-key-per-minute=100000000 ${BENCH_JAVA_OPTS:-} -cp "$classpath" \
    io.flytrap.bench.engine.IngestServer "$work/$1" "$2" > "$work/$1/server.log" 2>&1 &
  servers="$servers $!"
  echo "$!" > "$work/$1/pid"
  echo "$2" > "$work/$1/port"
}

if [ "${BENCH_PART:-all}" != drain ]; then
port=18089
for build in $builds; do start_server "$build" $port; port=$((port + 1)); done
for build in $builds; do
  for _ in $(seq 1 600); do [ -f "$work/$build/ready" ] && break; sleep 1; done # slow on a loaded machine
  [ -f "$work/$build/ready" ] || { cat "$work/$build/server.log"; exit 1; }
  cat > "$work/$build/post.lua" <<LUA
local f = io.open(os.getenv("BODY"), "rb"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["x-api-key"] = "$(cat "$work/$build/key")"
wrk.headers["X-Sentry-Auth"] = "Sentry sentry_version=7, sentry_key=$(cat "$work/$build/key")"
if os.getenv("GZIP") == "1" then wrk.headers["content-encoding"] = "gzip" end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.1f %.2f\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
LUA
done

wrk_run() { # build seconds path body gzip
  BODY="$4" GZIP="$5" wrk -t2 -c"${BENCH_CONNECTIONS:-128}" -d"$2s" -s "$work/$1/post.lua" \
    "http://127.0.0.1:$(cat "$work/$1/port")$3"
}
cpu_ticks() { # build -> "jvm pg": clock ticks of CPU the build's server JVM and its PostgreSQL have used so far
  local jvm postmaster pg child
  jvm=$(awk '{print $14 + $15}' "/proc/$(cat "$work/$1/pid")/stat")
  postmaster=$(head -1 "$(find "$work/$1/data" -name postmaster.pid | head -1)")
  # the postmaster itself, the children it has reaped (cutime, cstime) and the ones still running
  pg=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
  for child in $(pgrep -P "$postmaster"); do
    pg=$((pg + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo "$jvm $pg"
}
measure() { # build endpoint round -> a results line: build endpoint RESULT requests errors requests/s p99-ms jvm-ticks pg-ticks
  local project path body gzip=0 before after result
  project=$(cat "$work/$1/project")
  case $2 in
    ceiling) path=/bench/parse-only; body="$work/$1/native.json" ;;
    native) path=/api/errors; body="$work/$1/native.json" ;;
    envelope) path="/api/$project/envelope/"; body="$work/$1/envelope.gz"; gzip=1 ;;
  esac
  if [ -n "${BENCH_JFR:-}" ] && [ "$1" = after ]; then
    jcmd "$(cat "$work/$1/pid")" JFR.start name=bench settings=profile >/dev/null
  fi
  before=$(cpu_ticks "$1")
  result=$(wrk_run "$1" "$duration" "$path" "$body" "$gzip" | grep "^RESULT" || true)
  after=$(cpu_ticks "$1")
  if [ -n "${BENCH_JFR:-}" ] && [ "$1" = after ]; then
    mkdir -p "$BENCH_JFR"
    jcmd "$(cat "$work/$1/pid")" JFR.stop name=bench filename="$(realpath "$BENCH_JFR")/$2-$3.jfr" >/dev/null
  fi
  echo "$1 $2 $result $(echo "$before $after" | awk '{print $3 - $1, $4 - $2}')" >> "$work/results"
}
queued() { curl -s "http://127.0.0.1:$(cat "$work/$1/port")/bench/queued" | tr -dc '0-9'; }

# warm-up, then BENCH_ROUNDS (default 2) rounds in alternating order of endpoints and builds
for build in $builds; do
  wrk_run "$build" 10 /bench/parse-only "$work/$build/native.json" 0 >/dev/null
  wrk_run "$build" 10 /api/errors "$work/$build/native.json" 0 >/dev/null
  queued "$build" > "$work/$build/queued-before"
done
reversed=$(echo "$builds" | tr ' ' '\n' | tac | tr '\n' ' ')
for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  if [ $((round % 2)) = 1 ]; then order="ceiling native envelope"; each=$builds
  else order="envelope native ceiling"; each=$reversed; fi
  for what in $order; do
    for build in $each; do measure "$build" "$what" "$round"; done
  done
done

echo
tick_us=$((1000000 / $(getconf CLK_TCK)))
echo "| build | endpoint | requests/s (mean of runs) | runs | p99 ms (last run) | non-2xx or socket errors | / ceiling | CPU µs per answered request: JVM + PostgreSQL = total |"
echo "|---|---|---|---|---|---|---|---|"
for build in $builds; do
  ceiling=$(awk -v b="$build" '$1==b && $2=="ceiling" {s+=$6; n++} END {print s/n}' "$work/results")
  for what in ceiling native envelope; do
    awk -v b="$build" -v w="$what" -v c="$ceiling" -v t="$tick_us" '$1==b && $2==w {r[++n]=$6; s+=$6; p=$7; e+=$5;
        answered+=$4-$5; jvm+=$8; pg+=$9}
      END {runs=r[1]; for (i=2;i<=n;i++) runs=runs ", " r[i];
           printf "| %s | %s | %.0f | %s | %s | %d | %.2f | %.1f + %.1f = %.1f |\n", b, w, s/n, runs, p, e, (s/n)/c,
             jvm*t/answered, pg*t/answered, (jvm+pg)*t/answered}' "$work/results"
  done
done
if [ -n "${BENCH_BEFORE_CLASSPATH:-}" ]; then
  for what in ceiling native envelope; do
    awk -v w="$what" '$2==w {s[$1]+=$6; n[$1]++} END {printf "%s after/before: %.2f\n", w, (s["after"]/n["after"])/(s["before"]/n["before"])}' "$work/results"
  done
fi
for build in $builds; do
  answered=$(awk -v b="$build" '$1==b && $2!="ceiling" {s+=$4-$5} END {print s}' "$work/results")
  echo "$build: accepted by ingest: $answered; queued: $(( $(queued "$build") - $(cat "$work/$build/queued-before") )) (every accepted event must be queued)"
done
for pid in $servers; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
servers=""
fi
[ "${BENCH_PART:-all}" = ingest ] && exit 0

echo
drain() { "$JAVA_HOME/bin/java" -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CLASSPATH" io.flytrap.bench.engine.DrainBenchmark; }
bench_builds drain
