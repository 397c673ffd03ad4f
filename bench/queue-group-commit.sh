#!/usr/bin/env bash
# Enqueue throughput: group commit against one commit per event, same process, same PostgreSQL (about 2 minutes).
# BENCH_BEFORE_CLASSPATH: an older build too, alternating (see bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
run() { "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.QueueGroupCommitBenchmark "$BENCH_OUT"; }
bench_builds run
