#!/usr/bin/env bash
# Where the drain's time goes (issue #24 item 2): the event engine's drain of 100,000 queued events (BENCH_EVENTS)
# with CPU per event from /proc (JVM by thread kind, PostgreSQL), pg_stat_statements and pg_stat_activity sampled
# every 5 ms. BENCH_JFR=<file>: the JVM is also recorded with JDK Flight Recorder (settings=profile). No baseline:
# a profile, not a speed figure (run event-engine.sh with BENCH_PART=drain for that).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
jfr=""
[ -n "${BENCH_JFR:-}" ] && jfr="-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile"
"$JAVA_HOME/bin/java" -Xmx2g -Devents="${BENCH_EVENTS:-100000}" $jfr ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CLASSPATH" \
  io.flytrap.bench.engine.DrainProfile
