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
# keep-alive client), BENCH_APP_OPTS (more JVM options for the app), BENCH_AOT=on (this jar without and with the AOT
# cache ./run.sh uses, scripts/aot-cache.sh: "before" is `java -jar`, "after" starts from the cache, BENCH_PAIRS times
# alternating; an untimed training run with BENCH_AOT_TRAIN_SECONDS of load, default 60, records the cache first
# unless one for this jar, JDK and BENCH_APP_OPTS is already beside it; BENCH_BEFORE_JAR must then be unset),
# BENCH_TIMEOUT (seconds for the measured runs, default 900: raise it for more than 2 pairs).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
if [ -z "${FLYTRAP_JAR:-}" ]; then
  ./mvnw -B -q -DskipTests -Dflytrap.image.check.skip -pl dashboard-vaadin -am package
  FLYTRAP_JAR=$(ls dashboard-vaadin/target/flytrap-dashboard-*.jar | grep -v original | head -n 1)
fi
if [ "${BENCH_AOT:-off}" = on ]; then
  if [ -n "${BENCH_BEFORE_JAR:-}" ]; then
    echo "BENCH_AOT=on compares $FLYTRAP_JAR without and with its AOT cache: unset BENCH_BEFORE_JAR" >&2
    exit 2
  fi
  . scripts/aot-cache.sh
  # run.sh's launch, keyed by the options the bench adds to its own (FlytrapProcess's are the same in every run)
  read -ra app_opts <<< "${BENCH_APP_OPTS:-}"
  mapfile -t aot_launch < <(flytrap_aot_launch "$FLYTRAP_JAR" "${app_opts[@]}")
  if [[ "${aot_launch[0]}" == -XX:AOTCacheOutput=* ]]; then
    echo "uptime before training: $(uptime)"
    BENCH_TRAIN=1 BENCH_LAUNCH=$(printf '%s\n' "${aot_launch[@]}") timeout 1800 "$JAVA_HOME/bin/java" \
      -cp "$BENCH_CLASSPATH" io.flytrap.bench.EndToEndLatencyBenchmark "$FLYTRAP_JAR" /dev/null
    mapfile -t aot_launch < <(flytrap_aot_launch "$FLYTRAP_JAR" "${app_opts[@]}")
  fi
  if [[ "${aot_launch[0]}" != -XX:AOTCache=* ]]; then
    echo "no AOT cache to start from (FLYTRAP_AOT_CACHE=off, a JDK before 25, or training wrote none): ${aot_launch[*]}" >&2
    exit 1
  fi
  export BENCH_BEFORE_JAR=$FLYTRAP_JAR BENCH_LAUNCH
  BENCH_LAUNCH=$(printf '%s\n' "${aot_launch[@]}")
fi
echo "uptime before: $(uptime)"
timeout "${BENCH_TIMEOUT:-900}" "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.EndToEndLatencyBenchmark \
  "$FLYTRAP_JAR" docs/performance/end-to-end.svg
echo "uptime after: $(uptime)"
