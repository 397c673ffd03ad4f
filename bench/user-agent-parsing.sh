#!/usr/bin/env bash
# User-Agent parsing cost (about a minute): start-up time and heap of uap-java (what Flytrap uses) and Yauaa, and the
# time per header uncached and through Flytrap's cache, as ratios to parsing, scrubbing and grouping the same Sentry
# browser event in the same run. Start-up is the first construction in a fresh JVM: what a Lambda cold start pays.
# Environment: BENCH_ROUNDS (default 9); BENCH_BEFORE_CLASSPATH: an older build too, alternating (see bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
run() { "$JAVA_HOME/bin/java" -Xmx1g -cp "$BENCH_CLASSPATH" io.flytrap.bench.UserAgentParsingBenchmark "${BENCH_ROUNDS:-9}"; }
bench_builds run
