#!/usr/bin/env bash
# Capture → visible in an open issue list (issue #24 item 3; about 2 minutes after the build): the one-process app
# (its jar, embedded PostgreSQL, loopback), the issue list open in headless Chromium with a MutationObserver, probe
# events one at a time (idle) and then among 1,000 events/s of filler load, after a warm-up of BENCH_WARMUP_SECONDS
# (default 30; its figures are printed apart). Prints p50/p99 idle and under load and
# the ratio load ÷ idle, writes docs/performance/end-to-end.svg, stops everything it started.
# Environment: BENCH_SECONDS (load, default 60), BENCH_RATE (default 1000), BENCH_IDLE_PROBES (default 20),
# BENCH_CLASSPATH (see bench/README.md), FLYTRAP_JAR (a built one-process jar; else it is built here), BENCH_BEFORE_JAR
# (an older build's jar: both run BENCH_PAIRS times, default 2, alternating, and after ÷ before is printed),
# BENCH_CLIENT=httpclient (post with the JDK's HttpClient, as before issue #24's third round, instead of the lighter
# keep-alive client), BENCH_APP_OPTS (more JVM options for the app).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
if [ -z "${FLYTRAP_JAR:-}" ]; then
  ./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin -am package
  FLYTRAP_JAR=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1)
fi
echo "uptime before: $(uptime)"
timeout 900 "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.EndToEndLatencyBenchmark "$FLYTRAP_JAR" \
  docs/performance/end-to-end.svg
echo "uptime after: $(uptime)"
