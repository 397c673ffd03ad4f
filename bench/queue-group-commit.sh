#!/usr/bin/env bash
# Enqueue throughput: group commit against one commit per event, same process, same PostgreSQL (about 2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
exec "$JAVA_HOME/bin/java" -cp "$BENCH_CLASSPATH" io.flytrap.bench.QueueGroupCommitBenchmark docs/performance
