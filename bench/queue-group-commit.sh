#!/usr/bin/env bash
# Enqueue throughput: group commit against one commit per event, same process, same PostgreSQL (about 2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
flytrap_find_jdk
./mvnw -B -q -DskipTests -pl bench -am install
classpath=$(./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$classpath" io.flytrap.bench.QueueGroupCommitBenchmark docs/performance
