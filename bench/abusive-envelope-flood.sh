#!/usr/bin/env bash
# Health under an abusive-envelope flood (issue #19): /actuator/health latency idle and while 200 connections post
# the issue's 48 KB gzip'd envelope (an invalid first item, then 48 x 1 MB items), for each server configuration;
# prints p99(flood)/p99(idle). Loopback only; about 1.5 minutes. Set BENCH_BEFORE_CLASSPATH to the classpath of
# an older build to measure it beside this one; BENCH_IDLE_SECONDS, BENCH_FLOOD_SECONDS, BENCH_FLOOD_MAX bound it.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
exec "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.AbusiveEnvelopeBenchmark docs/performance
