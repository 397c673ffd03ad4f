#!/usr/bin/env bash
# Java SDK capture cost (about 2 minutes): what captureException costs the calling thread for a fresh ~20-frame
# exception, flytrap-java beside io.sentry:sentry 8.63.0 (no-op transport; both count the events they build) and the
# baseline of only making the exception, with JMH in one run; plus jar sizes and runtime dependency counts. Prints
# the ratio and writes docs/performance/java-sdk-capture.md. BENCH_FORKS (default 3) sets JMH forks per benchmark;
# BENCH_BEFORE_CLASSPATH: an older build too, alternating (see bench/lib.sh; the dependency count is this build's).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
deps=$(./mvnw -B -q -pl sdks/java/flytrap-java dependency:list -DincludeScope=runtime -DoutputFile=/dev/stdout \
  | grep -c ':.*:.*:.*:' || true)
run() {
  "$JAVA_HOME/bin/java" -Dbench.forks="${BENCH_FORKS:-3}" -cp "$BENCH_CLASSPATH" \
    io.flytrap.bench.javasdk.JavaSdkCaptureBenchmark "$BENCH_OUT" "$deps"
}
bench_builds run
